# The ISP side's ceiling: COUNT messages of about SIZE bytes straight into its submission port over CONNS
# connections, each with one STARTTLS and one AUTH reused for all its messages (what our relay does).
# Usage: isp_direct.py HOST PORT CAFILE USER PASSWORD CONNS COUNT SIZE ; prints "SENT n seconds".
import smtplib, ssl, sys, time
from multiprocessing import Pool

host, port, cafile, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
conns, count, size = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])

def run(args):
    worker, n = args
    ctx = ssl.create_default_context(cafile=cafile)
    s = smtplib.SMTP(host, port, timeout=60)
    s.starttls(context=ctx)
    s.login(user, password)
    line = "x" * 70 + "\r\n"
    body = line * max(1, size // len(line))
    for i in range(n):
        s.sendmail("nas@home.arpa", ["bob@example.net"],
                   "Subject: direct %d-%d\r\nFrom: nas@home.arpa\r\n\r\n%s" % (worker, i, body))
    s.quit()
    return n

if __name__ == "__main__":
    per = [count // conns + (1 if w < count % conns else 0) for w in range(conns)]
    t0 = time.monotonic()
    with Pool(conns) as p:
        sent = sum(p.map(run, list(enumerate(per))))
    print("SENT %d %.3f" % (sent, time.monotonic() - t0), flush=True)
