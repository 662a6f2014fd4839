#!/usr/bin/env python3
"""Module graph of src/ from `crate::` paths (and `super::` in submodules):
prints edges between top-level modules and cycles."""
import os,re,sys,itertools
root=sys.argv[1] if len(sys.argv)>1 else 'src'
level2=set(sys.argv[2].split(',')) if len(sys.argv)>2 else set()
def modname(path):
    rel=os.path.relpath(path,root)[:-3].split('/')
    if rel[-1]=='mod': rel=rel[:-1]
    if rel[0] in ('lib','main'): return rel[0]
    if rel[0] in level2 and len(rel)>1: return rel[0]+'::'+rel[1]
    return rel[0]
edges=set()
for d,_,fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p=os.path.join(d,f); src=modname(p)
        text=open(p).read()
        # drop test modules
        text=re.split(r'#\[cfg\(test\)\]\s*mod tests',text)[0]
        for m in re.finditer(r'crate::(\w+)(?:::(\w+))?',text):
            tgt=m.group(1)
            if tgt in level2 and m.group(2) and m.group(2)[0].islower(): tgt=tgt+'::'+m.group(2)
            if tgt!=src and not src.startswith(tgt+'::') : edges.add((src,tgt))
for e in sorted(edges): print(f'{e[0]} -> {e[1]}')
# cycles via SCC
g={}
for a,b in edges: g.setdefault(a,set()).add(b); g.setdefault(b,set())
idx={};low={};st=[];on=set();res=[];c=[0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in g[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1: res.append(sorted(comp))
for v in list(g):
    if v not in idx: sc(v)
print('CYCLES:',res if res else 'none')
