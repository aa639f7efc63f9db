/** The words on charts (src/charts.ts), Chinese and English: a picture is read like a reply. */
export const chartZh = {
  teamTitle: (team: string, today: string) => `${team} · 截至 ${today}`,
  officeTitle: (today: string, page: number, pages: number) => `各巡察组整改进度 · 截至 ${today}${pages > 1 ? ` · 第 ${page}/${pages} 页` : ''}`,
  progressByUnit: '整改任务（按被巡察单位）',
  progressByTeam: '整改任务（按巡察组）',
  findingsByCategory: '问题（按类别，不含问题线索）',
  signedOff: '已销号',
  done: '已完成待销号',
  open: '进行中',
  overdue: '已逾期',
  findings: '问题',
  noTasks: '尚无整改任务',
  noFindings: '尚无问题',
  /** The picture's file name, without extension: unique to the minute. */
  teamFile: (team: string, stamp: string) => `统计-${team}-${stamp}`,
  officeFile: (stamp: string) => `总览-${stamp}`,
  weeklyCaption: (team: string) => `「${team}」本周整改进度图`,
};

export const chartEn: typeof chartZh = {
  teamTitle: (team, today) => `${team} · as of ${today}`,
  officeTitle: (today, page, pages) => `Rectification by team · as of ${today}${pages > 1 ? ` · page ${page}/${pages}` : ''}`,
  progressByUnit: 'Rectification tasks by inspected unit',
  progressByTeam: 'Rectification tasks by team',
  findingsByCategory: 'Findings by category (clues excluded)',
  signedOff: 'signed off',
  done: 'done, awaiting sign-off',
  open: 'in progress',
  overdue: 'overdue',
  findings: 'findings',
  noTasks: 'No rectification tasks yet',
  noFindings: 'No findings yet',
  teamFile: (team, stamp) => `stats-${team}-${stamp}`,
  officeFile: (stamp) => `overview-${stamp}`,
  weeklyCaption: (team) => `This week's rectification chart of “${team}”`,
};
