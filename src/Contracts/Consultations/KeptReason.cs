namespace Collab.Contracts.Consultations;

/// <summary>Why a consultation outlives an erasure request or an account deletion.</summary>
public enum KeptReason
{
    /// <summary>Sent and not finished: the required party is working on it.</summary>
    InProgress = 1,
    /// <summary>Answered: the opinion is part of both parties' care records until its retention ends.</summary>
    Answered = 2,
    /// <summary>Other participants still hold it (account deletion).</summary>
    HeldByOthers = 3,
}
