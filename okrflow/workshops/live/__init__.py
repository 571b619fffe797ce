"""The live transport of the rooms: Server-Sent Events from async views, fed by one fan-out per
process (fanout.py) that reads each announced event once and hands it to every open stream."""
