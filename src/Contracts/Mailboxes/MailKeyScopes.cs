namespace Collab.Contracts.Mailboxes;

/// <summary>What an applicative mailbox's API key may do.</summary>
[Flags]
public enum MailKeyScopes
{
    /// <summary>Send from the mailbox (SMTP with AUTH).</summary>
    Send = 1,
    /// <summary>Read the mailbox's messages (<c>/api/v1/mailbox-keys/messages</c>).</summary>
    Receive = 2,
}
