/* One colour per meaning for every status tag: success = done / in order, warning = waiting on
   someone or due soon, danger = overdue / failed / below standard, info = closed or not started,
   primary = in progress. Pages name the meaning of their statuses here or pass `tone`. */
export const TONES = {
  // shared words
  done: "success", closed: "info", open: "primary", draft: "info", cancelled: "info",
  overdue: "danger", failed: "danger", pending: "warning", active: "primary", finished: "success",
  published: "success", archived: "info",
  // deputies
  serving: "success", terminated: "info", suspended: "warning", resigned: "info",
  // stations
  compliant: "success", noncompliant: "danger", met: "success", not_met: "danger", unmet: "danger",
  // suggestions and opinions
  submitted: "primary", received: "primary", under_review: "warning", returned: "warning",
  assigned: "primary", handling: "primary", replied: "success", rated: "success", rejected: "danger",
  withdrawn: "info", merged: "info", transferred: "primary", registered: "primary",
  // ballots
  scheduled: "info", voting: "primary", counted: "success", approved: "success",
  // meetings
  planned: "info", signin: "primary", attended: "success", leave: "warning", absent: "danger",
  late: "warning", invited: "info", accepted: "success", declined: "warning", refused: "danger",
};

export function toneOf(status, tones) {
  return (tones && tones[status]) || TONES[status] || "info";
}
