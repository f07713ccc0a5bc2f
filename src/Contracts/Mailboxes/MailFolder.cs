namespace Collab.Contracts.Mailboxes;

/// <summary>Where a message sits in a mailbox.</summary>
public enum MailFolder
{
    /// <summary>Messages received.</summary>
    Inbox = 1,
    /// <summary>Copies of the messages the holder sent.</summary>
    Sent = 2,
    /// <summary>Messages the holder filed away.</summary>
    Archive = 3,
    /// <summary>Messages put aside for deletion.</summary>
    Trash = 4,
    /// <summary>Messages the holder is still writing (their own mailbox only; sending one files it in <see cref="Sent"/>).</summary>
    Drafts = 5,
}
