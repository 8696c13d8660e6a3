function s(e){if(!e.file&&!e.tally_sheet){const{file:l,tally_sheet:t,...f}=e;return f}const n=new FormData;for(const[l,t]of Object.entries(e))t!=null&&n.append(l,t);return n}export{s as r};
