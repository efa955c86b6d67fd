// The phrases the generic text reader looks for, declared once (lower case). Each entry is a
// wording a generator writes, with where it comes from; fragments are chosen so that one
// entry covers the variants of a template (wrapping, plural forms, a customised first line).
// A phrase known from one sample only says so: it is a guess about one template.

/** Senders of delivery reports (From, lower case): RFC 5321 §4.5.1 postmaster, the MAILER-DAEMON of Sendmail/Postfix/Exim, Exim's "Mail Delivery System", Exchange's "Microsoft Outlook"/"postmaster" NDR senders. */
export const DAEMON_SENDERS: readonly string[] = ['mailer-daemon', 'mailer_daemon', 'postmaster', 'mail delivery', 'mail.delivery', 'maildelivery', 'mmsc'];

/**
 * Subjects of failure and delay reports, in several languages (lower case, substrings).
 * English: Postfix "Undelivered Mail Returned to Sender" / "Delayed Mail (still being
 * retried)" (bounce_template.c); Sendmail "Returned mail: see transcript for details" /
 * "Warning: could not send message for past 4 hours" (savemail.c, sendmail.cf Timeout.queuewarn);
 * Exim "Mail delivery failed: returning message to sender" / "Warning: message ... delayed"
 * (deliver.c); qmail "failure notice" (qmail-send.c); Exchange "Undeliverable:" /
 * "Delivery Status Notification (Failure)" / "(Delay)" (Microsoft: DSNs and NDRs in Exchange
 * Server); Domino "DELIVERY FAILURE:"; RFC 3464 §5 "Delivery Status Notification".
 * Other languages: Exchange's localised NDR subject prefixes (the translations of
 * "Undeliverable:" it writes for a sender whose language is German, French, Dutch, Spanish,
 * Italian, Portuguese, Polish, Swedish, Danish/Norwegian, Finnish). Japanese "配信不能"
 * (undeliverable: Microsoft Support ja-jp, "Failed delivery messages from the postmaster at
 * outlook.com"); Chinese "未送达" (Microsoft Support zh-cn, "Office 365 中的电子邮件未送达报告").
 * German "Zustellung nicht möglich" (the subject Yahoo's German help names for a MAILER-DAEMON
 * notice: de.hilfe.yahoo.com, sln3275).
 * Not "退信" (a returned letter): people title their questions about a bounce with it, and
 * a subject alone marks a message as automated; it is a failure wording (FAILURE_CUES).
 */
export const FAILURE_SUBJECTS: readonly string[] = [
  'undeliver', 'undelivered', 'returned mail', 'returning message', 'returning to sender', 'failure notice', 'delivery fail', 'delivery status notification',
  'delivery notification', 'delivery problem', 'delivery error', 'delivery report', 'delivery final failure', 'mail delivery', 'nondeliver', 'non-deliver', 'non deliver', 'not delivered',
  'mail failed', 'could not send message', 'delayed mail', 'delivery delayed', 'message delayed', 'delivery incomplete', 'address not found', 'automatically rejected mail',
  'mail system error', 'rejected:', 'ndn:', 'ndr:',
  // localised Exchange NDR prefixes
  'unzustellbar', 'nicht zustellbar', 'non remis', 'non distribuable', 'onbestelbaar', 'no se puede entregar', 'no entregado', 'non recapitabile', 'não é possível entregar',
  'não entregue', 'niedostarczalne', 'nie można dostarczyć', 'kan inte levereras', 'ej levererat', 'kan ikke leveres', 'ei voi toimittaa', 'neprovedeno', 'nedoručitelné',
  '配信不能', '未送达', 'zustellung nicht möglich',
];

/**
 * Sentences after which failed recipients follow, on the same line or the next lines.
 * Exim deliver.c ("The following address(es) failed:", delay: "The addresses to which the
 * message has not yet been delivered are:"); qmail-send.c ("I'm afraid I wasn't able to
 * deliver your message to the following addresses."); Sendmail savemail.c ("----- The
 * following addresses had permanent fatal errors -----", "... transient non-fatal errors");
 * Exchange 2007+ ("Delivery has failed to these recipients or groups:"), Exchange 2000/2003
 * ("The following recipient(s) could not be reached:", "did not reach the following
 * recipient(s)"), Exchange Online ("rejected your message to the following email
 * addresses:", "Your message to ... couldn't be delivered"), (Microsoft: DSNs and NDRs in
 * Exchange Server; Email non-delivery reports in Exchange Online); Gmail's notices ("Your
 * message wasn't delivered to", "There was a temporary problem delivering your message to",
 * "Delivery to the following recipient failed permanently:", Google Workspace admin help
 * "Bounced & delayed messages"); Lotus Domino ("was not delivered to:"); the Exchange
 * template's first line in other languages (German, French, Dutch, Spanish, Italian,
 * Portuguese: "... these recipients or groups").
 */
export const START_CUES: readonly string[] = [
  'following address(es) failed',
  'following addresses failed',
  'following address failed',
  'message has not yet been delivered are',
  'deliver your message to the following address',
  'to the following address(es)',
  'following addresses had permanent fatal errors',
  'following addresses had transient non-fatal errors',
  'following addresses had permanent errors',
  // Sendmail 8's older heading, as RFC 3464's sample "Simple DSN" shows it, and as Apache
  // James writes it (DSNBounce mailet): "----- The following addresses had delivery problems -----"
  'following addresses had delivery problems',
  'delivery has failed to these recipients or groups',
  'following recipient(s) could not be reached',
  'following recipients could not be reached',
  'following recipient could not be reached',
  'following recipient(s) cannot be reached',
  'did not reach the following recipient',
  'rejected your message to the following',
  'couldn\'t be delivered to',
  'could not be delivered to',
  'wasn\'t delivered to',
  'was not delivered to',
  'problem delivering your message to',
  'delivery to the following recipient',
  'delivery to these recipients',
  'failed addresses follow',
  'unable to deliver message to',
  'unable to deliver your message to',
  'delivery failed:',
  'delivery failed for the following',
  'following recipients returned permanent errors',
  'your message to the following recipients',
  'the following message to',
  'recipients or groups',
  // the same line of Exchange's template in other languages
  'empfänger oder gruppen',
  'destinataires ou groupes',
  'geadresseerden of groepen',
  'destinatarios o grupos',
  'destinatari o gruppi',
  'destinatários ou grupos',
];

/**
 * RFC 3464 §2.3 recipient field names written into text: read last, after the human lines
 * (which say more: the reply beside the address), since inline fields are merged anyway.
 */
export const DSN_FIELD_LABELS: readonly string[] = ['final-recipient:', 'original-recipient:'];

/**
 * Labels before a failed recipient (on the same line or the next): "Recipient address:" (Domino,
 * several gateways), "Recipient(s):" (GWAVA's notice, one sample: a guess), and the same
 * label in other languages (Empfänger, Destinataire, Destinatario, Geadresseerde, Odbiorca;
 * Chinese "收件人", as emailhost.com.cn's notice "[退信] 收件人不存在" names the recipient;
 * Japanese "宛先", the To box of Outlook as Microsoft Support ja-jp names it), with an ASCII
 * or a full-width colon.
 */
export const RECIPIENT_LABELS: readonly string[] = [
  'failed recipient:', 'failed recipients:', 'recipient address:', 'recipient(s):', 'recipients:', 'recipient:',
  'intended recipient:', 'invalid recipient:', 'unknown recipient:', 'e-mail address:', 'email address:', 'address:',
  'empfänger:', 'destinataire:', 'destinataires:', 'destinatario:', 'destinatari:', 'destinatário:', 'geadresseerde:', 'odbiorca:', 'odbiorca(y):', 'mottagare:', 'modtager:',
  '收件人:', '收件人：', '宛先:', '宛先：',
];

/**
 * Where the report's own text ends and a copy of the returned message (or its header
 * block) starts: addresses past it are the original's, not failed recipients. Exim
 * ("------ This is a copy of the message"), qmail ("--- Below this line is a copy of the
 * message."), Sendmail ("----- Original message follows -----" in older versions, "Message
 * text follows" / "original message follows"), Exchange ("Original message headers:",
 * Dutch "Oorspronkelijke berichtkoppen:", German "Ursprüngliche Nachrichtenkopfzeilen:",
 * French "En-têtes du message d'origine"), mail clients' "-----Original Message-----".
 */
export const STOP_CUES: readonly string[] = [
  'this is a copy of the message',
  'below this line is a copy of the message',
  // also "The first 50 lines of your original message follow:" (the verb after "lines")
  'original message follow',
  'message text follows',
  'original message headers',
  'oorspronkelijke berichtkoppen',
  'ursprüngliche nachrichtenkopfzeilen',
  'en-têtes du message d\'origine',
  'encabezados del mensaje original',
  'intestazioni messaggio originale',
  '-----original message-----',
  '----- original message -----',
  'text of the original message',
  'headers of the original message',
  'returned message follows',
];

/**
 * Wording of failure (any of these, with an automated sender, makes a message a failure
 * report for the generic reader). Postfix bounce_template.c ("could not be delivered to one
 * or more recipients"); Exim deliver.c ("could not be delivered to one or more of its
 * recipients", "This is a permanent error"); qmail-send.c ("wasn't able to deliver");
 * Sendmail ("Transcript of session follows", "permanent fatal errors"); Exchange
 * ("Delivery has failed", "couldn't be delivered", "Remote Server returned", "Diagnostic
 * information for administrators"); Gmail ("wasn't delivered", "The response from the
 * remote server was"); Domino ("was not delivered"); Pigeonhole/Cyrus sieve reject
 * ("was automatically rejected"); and the Exchange template's opening in other languages.
 * Exchange's "Diagnostic information for administrators" section title as Microsoft's
 * localised support pages name it (Italian, Japanese: "Failed delivery messages from the
 * postmaster at outlook.com", it-it and ja-jp; French as docs/formats.md#exchange-localised-labels
 * records it); Chinese notices' "退信" (a returned-mail notice: QQ Mail help
 * qqmailbox.com/transceivers/169.html) and "收件人不存在" (recipient does not exist:
 * emailhost.com.cn's list of returned-mail notices). Smail 3's banner over the failed
 * addresses, "|---- Failed addresses follow: ----|" (smail-3 src/notify.c; KDE KMail writes
 * the same banners in the bounces it makes, kmail/kmmessage.cpp createBounce()).
 */
export const FAILURE_CUES: readonly string[] = [
  'failed addresses follow',
  'could not be delivered',
  'couldn\'t be delivered',
  'cannot be delivered',
  'can\'t be delivered',
  'was not delivered',
  'wasn\'t delivered',
  'were not delivered',
  'not yet been delivered',
  'undeliverable',
  'undelivered',
  'unable to deliver',
  'wasn\'t able to deliver',
  'was not able to deliver',
  'delivery has failed',
  'delivery failed',
  'delivery to the following',
  'failed to deliver',
  'permanent error',
  'permanent fatal error',
  'transcript of session follows',
  'remote server returned',
  'diagnostic information for administrators',
  'the response from the remote server',
  'problem delivering your message',
  'rejected your message',
  'was automatically rejected',
  'did not reach',
  'returned to sender',
  'following address(es) failed',
  'delivery attempts will continue',
  'this is a warning only',
  'could not send message for past',
  'message delivery has been delayed',
  'delivery has been delayed',
  // Exchange's template opening, and bounce wordings, in other languages
  'empfänger oder gruppen',
  'konnte nicht zugestellt werden',
  'nicht zugestellt',
  'destinataires ou groupes',
  'n\'a pas pu être remis',
  'geadresseerden of groepen',
  'kan niet worden bezorgd',
  'destinatarios o grupos',
  'no se pudo entregar',
  'destinatari o gruppi',
  'non è stato possibile recapitare',
  'destinatários ou grupos',
  'não foi possível entregar',
  'nie została dostarczona',
  'nie zosta', // "Nie została" with its 8-bit letters lost in a wrong charset
  'informazioni di diagnostica per gli amministratori',
  'informations de diagnostic pour les administrateurs',
  '管理者向けの診断情報',
  '退信',
  '收件人不存在',
];

/**
 * Wording of a delay report: the message is still queued and will be retried. Postfix
 * bounce_template.c ("THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE.");
 * Exim deliver.c ("has not yet been delivered", "Delivery attempts will continue");
 * Sendmail ("Warning: could not send message for past", "THIS IS A WARNING MESSAGE ONLY",
 * "Will keep trying until message is", envelope.c "Warning: message still undelivered after");
 * Postfix's delay_template "It will be retried until it is ... old"; Gmail ("Delivery incomplete", "will retry for");
 * Exchange ("Delivery Status Notification (Delay)", "delivery has been delayed"; 2010 and
 * later "Delivery is delayed to these recipients or groups:", "hasn't been delivered yet",
 * and its French form "Remise retardée", "La remise est retardée pour ces destinataires ou
 * groupes", "n'a pas encore été remis", as an Exchange delay notice posted verbatim at
 * pastebin.com/SYa736QZ shows).
 */
export const DELAY_CUES: readonly string[] = [
  'this is a warning only',
  'this is a warning message only',
  'not yet been delivered',
  'delivery attempts will continue',
  'could not send message for past',
  'will keep trying',
  'still undelivered after',
  'will be retried until',
  'delivery incomplete',
  'will retry for',
  'will continue to try',
  'still trying',
  'delivery has been delayed',
  'message delivery has been delayed',
  'has been delayed',
  'status notification (delay)',
  'delivery is delayed to',
  'hasn\'t been delivered yet',
  'remise retardée',
  'la remise est retardée',
  'pas encore été remis',
];

/**
 * Labels at the start of a line whose address is a sender or an identifier, not a failed
 * recipient: RFC 5322 originator fields (From, Sender, Reply-To, Return-Path), the envelope
 * sender, Message-ID, and "From" in the languages of RECIPIENT_LABELS (Von, De, Van, Od).
 */
export const SENDER_LABELS: readonly string[] = [
  'from:', 'from :', 'sender:', 'reply-to:', 'return-path:', 'envelope-from', 'mail from', 'message-id', 'message id', 'the message identifier', 'od:', 'von:', 'de:', 'van:', 'received:', 'reporting-mta', 'generating server',
];

/**
 * Words of the sentences and labels with which a report names someone to write to (its
 * footer: "Questions: help@...", "Support: ...", Postfix's "For further assistance, please
 * send mail to postmaster"), not a failed recipient.
 */
export const CONTACT_WORDS: readonly string[] = [
  'contact', 'send mail to', 'send to', 'write to', 'e-mail us', 'email us', 'kontakt', 'help', 'reply to this', 'support', 'question', 'assistance', 'hilfe',
];

/**
 * Challenge-response requests (a reply is wanted before the mail is delivered: not a failed
 * delivery). The wordings of TMDA's confirmation request (templates/confirm_request.txt: "Your
 * message ... has been held", "confirm"), of the "verify you are a human" services (Boxbe,
 * SpamArrest, Sendio: "verification", "please confirm"), and the subject SpamAssassin's
 * CHALLENGE_RESPONSE rules name.
 */
export const CHALLENGE_CUES: readonly string[] = [
  'requires verification',
  'please confirm your message',
  'please confirm your e-mail',
  'please confirm your email',
  'confirm that you are',
  'verify that you are a human',
  'verify you are a human',
  'prove you are human',
  'your message has been held',
  'has been held pending',
  'awaiting your confirmation',
  'click the link below to confirm',
  'to have your message delivered',
  'add you to my approved',
];

/**
 * Words that, in the same sentence as an address, say the delivery to it failed (the
 * generic reader's last tier, for reports that name the recipient only in running text):
 * RFC 3463's and RFC 5321's own vocabulary for a failed recipient (failed, rejected,
 * refused, unknown, does not exist, not found, mailbox unavailable) and its delay (deferred).
 */
export const SENTENCE_FAILURE_WORDS: readonly string[] = [
  'failed', 'rejected', 'refused', 'unknown', 'does not exist', 'doesn\'t exist', 'not found', 'mailbox unavailable', 'no such', 'deferred', 'bounced',
];

/**
 * Wordings of a positive delivery notice (RFC 3464 §2.3.3 actions "delivered", "relayed",
 * "expanded": a report that the message went through). A message that says one of these and
 * no failure wording is no failure report, whatever its subject ("Delivery Status
 * Notification (Relay)"). Sun Java System Messaging Server's DSN_RELAYED_FORMAT ("has been
 * relayed to a messaging system which may not provide a final delivery confirmation", Messaging
 * Server 6.3 Administration Guide, docs.oracle.com/cd/E19563-01/819-4428/bgbpg); the same
 * notice in the wording of Windows' SMTP service and Exchange ("successfully relayed to the
 * following recipients"; "has been delivered to the following recipients").
 */
export const SUCCESS_CUES: readonly string[] = [
  // Sendmail savemail.c (errbody) and Exim deliver.c head a list of delivered addresses with
  // "----- The following addresses had successful delivery notifications -----" and note each
  // "(successfully delivered to mailbox)", "(relayed to non-DSN-aware mailer)", "(expanded by
  // alias)", Exim "(relayed via non DSN router)"
  'successful delivery notifications',
  'successfully delivered to mailbox',
  'successfully delivered to mailing list',
  'relayed to non-dsn-aware mailer',
  'relayed via non dsn router',
  'expanded by alias',
  'has been relayed to',
  'successfully relayed',
  'has been delivered to the following',
  'was delivered to the following',
  'has been successfully delivered',
  'was successfully delivered',
  'delivery to the following recipients succeeded',
];
