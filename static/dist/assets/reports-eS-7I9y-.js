function o(n){if(!n.file){const{file:f,...e}=n;return e}const t=new FormData;for(const[f,e]of Object.entries(n))e!=null&&t.append(f,e);return t}export{o as r};
