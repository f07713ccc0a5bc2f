namespace Collab.Contracts.Mailboxes;

/// <summary>Who a mailbox belongs to (SPEC "Secure mailboxes").</summary>
public enum MailboxKind
{
    /// <summary>One practitioner's (keyed by their id), created with the account.</summary>
    Nominative = 0,
    /// <summary>A service's shared mailbox, under a responsible professional, read by the people the structure's admin grants.</summary>
    Organisational = 1,
    /// <summary>Used by software (a lab's or records system) through API keys.</summary>
    Applicative = 2,
}
