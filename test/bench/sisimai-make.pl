#!/usr/bin/perl
# npm run bench -- --cli --compare, when ../shared/tools is not there: Debian's Sisimai
# (libsisimai-perl, 4.25 API) as a user runs it over many files. File names come on stdin, one
# a line (or as arguments); for each file, Sisimai->make(PATH) and one JSON line on stdout with
# its recipients (address, action, status, reason, diagnostic). Everything is timed from outside,
# Perl's start-up and module loading included.
use strict;
use warnings;
use JSON::PP ();
use Sisimai;

binmode STDOUT, ':raw';
my $json = JSON::PP->new->canonical(1)->utf8(1);
my @names = @ARGV ? @ARGV : map { chomp; $_ } <STDIN>;
for my $name (@names) {
    my @rows;
    my $err;
    eval {
        for my $d (@{ Sisimai->make($name, delivered => 1) || [] }) {
            push @rows, {
                address    => $d->recipient ? $d->recipient->address : undef,
                action     => $d->action,
                status     => $d->deliverystatus,
                reason     => $d->reason,
                diagnostic => $d->diagnosticcode,
            };
        }
        1;
    } or $err = "$@";
    print $json->encode({ file => $name, recipients => \@rows, error => $err }), "\n";
}
