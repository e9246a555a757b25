# Sends one message file (bytes as they are) with the given MAIL parameters, e.g. "BODY=8BITMIME,SMTPUTF8".
# Usage: send_with_params.py HOST PORT PARAMS SENDER RECIPIENT FILE ; prints the server's last reply.
import smtplib, sys
host, port, params, sender, rcpt, path = sys.argv[1:7]
with open(path, "rb") as f:
    msg = f.read()
s = smtplib.SMTP(host, int(port), timeout=30)
s.ehlo("client.home.arpa")
s.sendmail(sender, [rcpt], msg, mail_options=[p for p in params.split(",") if p])
print("SENT", s.noop(), flush=True)
s.quit()
