#!/usr/bin/perl
# Debian's Sisimai (libsisimai-perl 4.25) over the given files: one JSON line per recipient
# row it reports, {file, index, recipient, reason, status, replycode, command, hard,
# diagnostic}, or {file, index: 0} when it reports nothing. Used by sisimai-peer.ts to
# compare our table with a real peer's actual output (not needed by the tests).
use strict;
use warnings;
use Sisimai;
use JSON::PP;
use File::Basename qw(basename);

my $json = JSON::PP->new->canonical->utf8(0);
for my $path (@ARGV) {
    my $file = basename($path);
    my $rows = eval { Sisimai->make($path, 'vacation' => 1) } || [];
    my $i = 0;
    for my $r (@$rows) {
        $i++;
        print $json->encode({
            file => $file,
            index => $i,
            recipient => $r->recipient->address,
            reason => $r->reason // '',
            status => $r->deliverystatus // '',
            replycode => $r->replycode // '',
            command => $r->smtpcommand // '',
            hard => ($r->softbounce // -1) == 0 ? JSON::PP::true : JSON::PP::false,
            diagnostic => substr($r->diagnosticcode // '', 0, 300),
        }), "\n";
    }
    print $json->encode({ file => $file, index => 0 }), "\n" unless $i;
}
