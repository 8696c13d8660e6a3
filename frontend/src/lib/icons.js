/* The icons the server may name for menu entries and groups (congress/menu.py and the apps'
   menu.py): only these are bundled into the shell. */
import {
  Bell, Calendar, ChatLineSquare, Checked, DataAnalysis, EditPen, Files, Finished, Flag, HomeFilled,
  House, List, Location, Medal, Monitor, OfficeBuilding, PieChart, Reading, School, Setting, Tickets,
  TrendCharts, User, UserFilled, WarningFilled, Collection, Notebook, Memo, Histogram, Briefcase,
  Connection, Stamp, Trophy, Document, Switch, Operation, Postcard,
} from "@element-plus/icons-vue";

export const ICONS = {
  Bell, Calendar, ChatLineSquare, Checked, DataAnalysis, EditPen, Files, Finished, Flag, HomeFilled,
  House, List, Location, Medal, Monitor, OfficeBuilding, PieChart, Reading, School, Setting, Tickets,
  TrendCharts, User, UserFilled, WarningFilled, Collection, Notebook, Memo, Histogram, Briefcase,
  Connection, Stamp, Trophy, Document, Switch, Operation, Postcard,
};

export function icon(name) {
  return ICONS[name] || Document;
}
