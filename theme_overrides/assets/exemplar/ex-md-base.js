// mkdocs-material 9.8.1's partials/javascripts/base.html (the storage helpers its bundle and palette
// script use), from one file the browser keeps instead of inline on every page. Loaded where material
// writes it (theme_overrides/partials/javascripts/base.html), without defer. The scope, material's
// new URL(base_url, location), is the site's root: this file's "../../".
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
