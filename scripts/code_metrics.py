#!/usr/bin/env python3
"""Figures of a src/ tree: lines per file (largest), functions over 80 lines
(test modules excluded), public items, import cycles (see graph.py)."""
import os,re,sys
root=sys.argv[1]
files=[]
for d,_,fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'): files.append(os.path.join(d,f))
sizes=sorted(((sum(1 for _ in open(p)),os.path.relpath(p,root)) for p in files),reverse=True)
print('files:',len(files),' total lines:',sum(s for s,_ in sizes))
print('files over 500 lines:',[(p,s) for s,p in sizes if s>500])
fnre=re.compile(r'^\s*(pub(\([a-z]+\))?\s+)?(const\s+)?(async\s+)?fn\s+(\w+)')
long=[]
pubs=0
for p in files:
    text=open(p).read()
    text=re.split(r'#\[cfg\(test\)\]\s*mod tests',text)[0]
    lines=text.split('\n')
    for l in lines:
        if re.match(r'^\s*pub\s+(fn|struct|enum|trait|const|static|type|mod|use)\b',l): pubs+=1
    i=0
    while i<len(lines):
        m=fnre.match(lines[i])
        if m:
            depth=0; started=False; j=i
            while j<len(lines):
                s=re.sub(r'"(\\.|[^"\\])*"','""',lines[j])
                s=re.sub(r"'(\\.|[^'\\])'","''",s)
                s=s.split('//')[0]
                if not started and ';' in s and '{' not in s: break
                for ch in s:
                    if ch=='{': depth+=1; started=True
                    elif ch=='}': depth-=1
                if started and depth<=0: break
                j+=1
            n=j-i+1
            if started and n>80: long.append((n,m.group(5),os.path.relpath(p,root)))
            i=j+1 if started else i+1
        else: i+=1
long.sort(reverse=True)
print('functions over 80 lines:',len(long))
for n,f,p in long: print(f'  {n:4} {f} ({p})')
print('`pub` items (not pub(crate)), outside test modules:',pubs)
