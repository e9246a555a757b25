import socket, struct, sys, os
out = sys.argv[1]; prefix = sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, 25, b"gws0\0")
s.bind(("0.0.0.0", 67))
s.settimeout(20)
n = 0
def opts(data):
    i = 240; r = {}
    while i < len(data):
        c = data[i]
        if c == 0: i += 1; continue
        if c == 255: break
        l = data[i+1]; r[c] = data[i+2:i+2+l]; i += 2 + l
    return r
names = {1:"discover",3:"request",4:"decline",7:"release",8:"inform"}
try:
    while True:
        data, addr = s.recvfrom(4096)
        o = opts(data); t = o.get(53, b"\0")[0]
        n += 1
        fn = os.path.join(out, "%s-%02d-%s.bin" % (prefix, n, names.get(t, str(t))))
        open(fn, "wb").write(data)
        if t not in (1, 3): continue
        rt = 2 if t == 1 else 5
        xid = data[4:8]; chaddr = data[28:44]; flags = data[10:12]
        yi = socket.inet_aton("192.0.2.50"); si = socket.inet_aton("192.0.2.1")
        hdr = bytes([2,1,6,0]) + xid + b"\0\0" + flags + data[12:16] + yi + si + b"\0"*4 + chaddr + b"\0"*192 + bytes([99,130,83,99])
        op = bytes([53,1,rt, 54,4]) + si + bytes([51,4,0,0,0,120, 1,4,255,255,255,0, 3,4]) + si + bytes([6,4]) + si + bytes([255])
        s.sendto(hdr + op, ("255.255.255.255", 68))
except socket.timeout:
    pass
