namespace Collab.Contracts.Knowledge;

/// <summary>Where an anonymous question to a specialist network stands.</summary>
public enum NetworkCaseStatus
{
    /// <summary>Asked; the network answers and discusses.</summary>
    Asked,

    /// <summary>The asker proposed it for the knowledge base; a reviewer of the network decides.</summary>
    Proposed,

    /// <summary>A reviewer sent the proposal back (the thread says why): the asker edits and proposes again.</summary>
    SentBack,

    /// <summary>Approved and in the knowledge base.</summary>
    Published,

    /// <summary>Withdrawn from the knowledge base by its asker (or, for a consultation, refused by either party).</summary>
    Withdrawn,

    /// <summary>A consultation's proposal waits for the other party's consent to exactly this text; the network sees nothing yet.</summary>
    AwaitingConsent,
}
