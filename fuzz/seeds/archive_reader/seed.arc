filedesc://seed.arc 0.0.0.0 20140216050221 text/plain 65
1 0 Seed
URL IP-address Archive-date Content-type Archive-length

http://a.example/x y 1.2.3.4 20140216050221 text/html 59
HTTP/1.1 200 OK
Content-Type: text/html

<p>Japan sold.</p>
