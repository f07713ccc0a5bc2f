namespace Collab.Contracts.Practitioners;

/// <summary>What a practitioner is told about a consultation.</summary>
public enum ConsultationNotice
{
    /// <summary>A request is addressed to them (or their group).</summary>
    NewRequest = 1,
    /// <summary>A request addressed to them has waited 5 days.</summary>
    Unanswered = 2,
    /// <summary>Their request has an opinion.</summary>
    Opinion = 3,
    /// <summary>Their consultation will be destroyed in 7 days (its retention ends): download the report now.</summary>
    DeletionSoon = 4,
    /// <summary>A discussion of theirs has messages they have not read (at most one per discussion per 15 minutes).</summary>
    DiscussionMessages = 5,
    /// <summary>Someone mentioned them in a discussion (even a muted one).</summary>
    DiscussionMention = 6,
    /// <summary>A message arrived in their secure mailbox.</summary>
    NewMail = 7,
    /// <summary>Their secure mailbox (or a shared one they are responsible for) has not been used for 10 months or more: it closes at 12.</summary>
    MailboxIdle = 8,
    /// <summary>The thread of a knowledge-base case of theirs will be destroyed in 7 days (its retention ends).</summary>
    CaseDeletionSoon = 9,
    /// <summary>The other party of their consultation proposes it, anonymised, for the knowledge base: their consent is asked.</summary>
    PublicationConsent = 10,
}
