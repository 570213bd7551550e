package devserver

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// reloadScript listens for rebuilds: it reloads the page keeping its scroll
// position, swaps the stylesheet when only CSS changed, and shows the build
// errors over the page until they are fixed. It is added to pages as they
// are served, never to the build output.
const reloadScript = `<script>(function(){
var key='emine-scroll:'+location.pathname,y=sessionStorage.getItem(key);
if(y!==null){sessionStorage.removeItem(key);addEventListener('load',function(){scrollTo(0,+y)});}
function overlay(text){var o=document.getElementById('emine-errors');
if(!text){if(o)o.remove();return}
if(!o){o=document.createElement('pre');o.id='emine-errors';o.setAttribute('role','alert');
o.style.cssText='position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#2b0f0f;color:#ffd9d9;font:14px/1.5 ui-monospace,monospace;z-index:2147483647;white-space:pre-wrap;direction:ltr;text-align:left';
document.body.appendChild(o)}
o.textContent='Build failed; showing the last good version.\n\n'+text}
var es=new EventSource('/__emine/events?v=%d');
es.addEventListener('reload',function(){sessionStorage.setItem(key,scrollY);location.reload()});
es.addEventListener('error',function(e){if(e.data)overlay(e.data)});
es.addEventListener('css',function(){overlay('');fetch(location.href).then(function(r){return r.text()}).then(function(t){
var d=new DOMParser().parseFromString(t,'text/html'),n=d.querySelector('link[rel=stylesheet]'),o=document.querySelector('link[rel=stylesheet]');
if(n&&o)o.href=n.getAttribute('href')})});
var initial=%s;if(initial)addEventListener('DOMContentLoaded',function(){overlay(initial)});
})();</script>`

// inject adds the live-reload script, with the current errors and the
// version of the site the page comes from, before the end of the body.
func inject(page []byte, errs string, version int) []byte {
	initial, _ := json.Marshal(errs)
	// json.Marshal escapes <, > and & so the errors cannot end the script.
	script := []byte(replaceOnce(replaceOnce(reloadScript, "%d", strconv.Itoa(version)), "%s", string(initial)))
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, script...)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

func replaceOnce(s, old, new string) string {
	i := bytes.Index([]byte(s), []byte(old))
	if i < 0 {
		return s
	}
	return s[:i] + new + s[i+len(old):]
}
