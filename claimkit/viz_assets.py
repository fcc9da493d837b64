"""The article view's own CSS and script (:func:`claimkit.viz.render`), kept apart from the
code that writes the page. The page's Content-Security-Policy allows exactly these two, by hash.

The script: hover details for highlighted words, claims marked in the text and the table
together, and the table's filters (speaker, kind, anonymous, to review) and sorting (number,
kind, speaker, confidence). It reads only the page it is in and sends nothing anywhere.
"""

from __future__ import annotations

CSS = """
.ck-root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;line-height:1.6;
  max-width:92rem}
.ck-root h1{font-size:1.3rem;margin:.2rem 0 .6rem}
.ck-nav{font-size:.9rem}
.ck-root h2{font-size:1.05rem;margin:1.4rem 0 .4rem}
.ck-legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0;margin:.4rem 0 .8rem;
  font-size:.85rem}
.ck-legend li{display:flex;align-items:center;gap:.4rem}
.ck-article{white-space:pre-wrap;border:1px solid #d8d8de;border-radius:6px;padding:1rem 1.2rem;
  background:#fff;font-family:Georgia,"Times New Roman",serif;font-size:1.02rem}
.ck{border-radius:2px}
.ck-layout{display:grid;grid-template-columns:minmax(0,1fr);gap:1rem}
@media (min-width:1100px){.ck-layout{grid-template-columns:minmax(0,1.15fr) minmax(0,1fr)}
  .ck-panel{position:sticky;top:.5rem;max-height:calc(100vh - 1rem);overflow:auto}}
.ck-content{background:#d9ecff}
.ck-content.ck-kind-direct{background:#ffe27a}
.ck-content.ck-kind-mixed{background:#ffd3a8}
.ck-low{text-decoration:underline dotted 2px #c0392b}
.ck-n::before{content:attr(data-n);font:700 .68rem/1 system-ui,sans-serif;color:#fff;background:#3b4a6b;
  border-radius:.6rem;padding:.05rem .3rem;margin-right:.15rem;vertical-align:super}
.ck-controls{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:center;font-size:.85rem;margin:.3rem 0 .5rem}
.ck-controls input[type=search]{min-width:10rem}
.ck-table th[data-sort]{cursor:pointer;white-space:nowrap}
.ck-table th[data-sort]::after{content:" ↕";color:#999}
.ck-table th[aria-sort=ascending]::after{content:" ▲";color:#333}
.ck-table th[aria-sort=descending]::after{content:" ▼";color:#333}
.ck-table tr.ck-review td:first-child{box-shadow:inset 4px 0 0 #c0392b}
.ck-badge::after{content:"review";display:inline-block;font-size:.7rem;padding:0 .3rem;border-radius:.5rem;
  background:#c0392b;color:#fff;margin-left:.3rem}
.ck-table meter{width:3.5rem;vertical-align:middle;margin-right:.3rem}
.ck-table td:last-child{white-space:nowrap}
.ck-count{color:#555}
/* Beside the article, the table keeps the columns an audit reads first; every field is in the
   hover details, and the full table shows when the panel sits under the article. */
@media (min-width:1100px){.ck-panel .ck-table th:nth-child(4),.ck-panel .ck-table td:nth-child(4),
  .ck-panel .ck-table th:nth-child(n+6):nth-child(-n+8),.ck-panel .ck-table td:nth-child(n+6):nth-child(-n+8),
  .ck-panel .ck-table th:nth-child(10),.ck-panel .ck-table td:nth-child(10){display:none}
  .ck-panel .ck-table td:nth-child(3){min-width:12rem}}
.ck-speaker{box-shadow:inset 0 -.5em 0 #9fc8ff;font-weight:600}
.ck-cue{text-decoration:underline 2px #b23a48;text-underline-offset:3px;color:#8a1c2b}
.ck-cue.ck-distancing{color:#fff;background:#b23a48}
.ck-relay{outline:2px dashed #2e8b57;outline-offset:1px}
.ck-active{outline:2px solid #222;outline-offset:1px}
.ck-swatch{display:inline-block;padding:0 .35rem;font-family:Georgia,serif}
.ck-table{border-collapse:collapse;font-size:.85rem;width:100%}
.ck-table th,.ck-table td{border:1px solid #d8d8de;padding:.25rem .45rem;text-align:left;vertical-align:top}
.ck-table th{background:#f3f3f6}
.ck-table tr.ck-active td{background:#eef5ff}
.ck-num{text-align:right;font-variant-numeric:tabular-nums}
.ck-tip-src{display:none}
.ck-tooltip{position:fixed;z-index:1000;max-width:26rem;background:#1d1d1f;color:#f5f5f7;
  border-radius:6px;padding:.5rem .7rem;font:13px/1.45 system-ui,sans-serif;box-shadow:0 4px 14px #0004;
  pointer-events:none}
.ck-tooltip[hidden]{display:none}
.ck-tooltip .ck-tip+.ck-tip{border-top:1px solid #555;margin-top:.4rem;padding-top:.4rem}
.ck-tip b{color:#ffd76a}
.ck-tip dl{display:grid;grid-template-columns:auto 1fr;gap:0 .6rem;margin:.2rem 0 0}
.ck-tip dt{color:#aeb4c0}
.ck-tip dd{margin:0}
.ck-none{color:#777}
""".strip()

# Static code; the only value put in is the rendering's id, made here from a counter.
SCRIPT = """
(function(){
  var root=document.getElementById("__ID__");
  if(!root||root.dataset.ckReady){return;}
  root.dataset.ckReady="1";
  var tip=root.querySelector(".ck-tooltip");
  root.querySelectorAll("[title]").forEach(function(el){
    el.setAttribute("data-title",el.getAttribute("title"));el.removeAttribute("title");
  });
  function numbers(el){return (el.getAttribute("data-claims")||"").split(" ").filter(Boolean);}
  function mark(nums,on){
    nums.forEach(function(n){
      root.querySelectorAll('[data-claim="'+n+'"], .ck[data-claims~="'+n+'"]').forEach(function(el){
        el.classList.toggle("ck-active",on);
      });
    });
  }
  function show(el,ev){
    var nums=numbers(el);
    tip.textContent="";
    nums.forEach(function(n){
      var src=document.getElementById("__ID__-tip-"+n);
      if(src){var copy=src.cloneNode(true);copy.removeAttribute("id");copy.className="ck-tip";tip.appendChild(copy);}
    });
    tip.hidden=false;
    var x=Math.min(ev.clientX+14,window.innerWidth-tip.offsetWidth-8);
    var y=ev.clientY+18;
    if(y+tip.offsetHeight>window.innerHeight-8){y=Math.max(8,ev.clientY-tip.offsetHeight-12);}
    tip.style.left=Math.max(8,x)+"px";tip.style.top=y+"px";
  }
  root.querySelectorAll(".ck[data-claims]").forEach(function(el){
    el.addEventListener("mouseenter",function(ev){show(el,ev);mark(numbers(el),true);});
    el.addEventListener("mouseleave",function(){tip.hidden=true;mark(numbers(el),false);});
  });
  root.querySelectorAll("tr[data-claim]").forEach(function(row){
    var nums=[row.getAttribute("data-claim")];
    row.addEventListener("mouseenter",function(){mark(nums,true);});
    row.addEventListener("mouseleave",function(){mark(nums,false);});
  });
  var body=root.querySelector(".ck-table tbody");
  var count=root.querySelector(".ck-count");
  function filter(){
    var who=(root.querySelector(".ck-f-speaker").value||"").toLowerCase();
    var kind=root.querySelector(".ck-f-kind").value;
    var anon=root.querySelector(".ck-f-anonymous").checked;
    var review=root.querySelector(".ck-f-review").checked;
    var shown=0;
    body.querySelectorAll("tr").forEach(function(row){
      var ok=(!who||row.getAttribute("data-speaker").indexOf(who)>=0)&&(!kind||row.getAttribute("data-kind")===kind)
        &&(!anon||row.getAttribute("data-anonymous")==="yes")&&(!review||row.classList.contains("ck-review"));
      row.hidden=!ok;if(ok){shown++;}
    });
    count.textContent=shown+" of "+body.rows.length+" shown";
  }
  if(body){
    root.querySelectorAll(".ck-controls input, .ck-controls select").forEach(function(el){
      el.addEventListener("input",filter);el.addEventListener("change",filter);
    });
    root.querySelectorAll(".ck-table th[data-sort]").forEach(function(th){
      th.addEventListener("click",function(){
        var key=th.getAttribute("data-sort"),up=th.getAttribute("aria-sort")!=="ascending";
        root.querySelectorAll(".ck-table th[data-sort]").forEach(function(o){o.removeAttribute("aria-sort");});
        th.setAttribute("aria-sort",up?"ascending":"descending");
        var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){
          var x=a.getAttribute("data-"+key),y=b.getAttribute("data-"+key);
          var nx=parseFloat(x),ny=parseFloat(y);
          var c=(isNaN(nx)||isNaN(ny))?x.localeCompare(y):nx-ny;
          return up?c:-c;
        });
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
    filter();
  }
})();
""".strip()
