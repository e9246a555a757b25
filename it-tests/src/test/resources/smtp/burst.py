# Sends N messages over SMTP, one connection reused, printing "ACCEPTED token" only after each 250.
# On any error (the gateway was killed) it reconnects and retries the same message until the test stops it.
import smtplib, sys, time
host, port, n, prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
i = 0
while i < n:
    try:
        s = smtplib.SMTP(host, port, timeout=20)
        while i < n:
            tok = "%s-%04d" % (prefix, i)
            s.sendmail("nas@home.arpa", ["bob@example.net"], "Subject: %s\r\n\r\n%s\r\n" % (tok, tok))
            print("ACCEPTED", tok, flush=True)
            i += 1
        s.quit()
    except Exception as e:
        print("ERROR", i, repr(e), flush=True)
        time.sleep(0.2)
print("DONE", flush=True)
