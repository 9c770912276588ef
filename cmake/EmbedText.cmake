# cmake -DIN=file -DOUT=file.inc -P EmbedText.cmake
# Writes the bytes of IN as a comma-separated list of char literals, to be #included in an array.
file(READ ${IN} _hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," _body "${_hex}")
file(WRITE ${OUT} "${_body}\n")
