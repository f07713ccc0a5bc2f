namespace Collab.Contracts.Knowledge;

/// <summary>
/// The asker's proposal for the knowledge base: the anonymised question, answer and summary, encrypted under the case
/// key (<see cref="KeyVersion"/>) until a reviewer approves; the ICD-10 codes (checked against the bundled list); the
/// thread message whose author answered; and the SHA-256 of the anonymised text, so the reviewer publishes exactly
/// what the asker proposed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CaseProposal(
    [property: Id(0)] int KeyVersion,
    [property: Id(1)] byte[] Ciphertext,
    [property: Id(2)] IReadOnlyList<string> IcdCodes,
    [property: Id(3)] long AnswerSequence,
    [property: Id(4)] byte[] Digest)
{
    /// <summary>The most codes a case carries.</summary>
    public const int MaxCodes = 10;
}

/// <summary>What a reviewer publishes: the proposal's text, opened in their session (it must match the digest).</summary>
[GenerateSerializer, Immutable]
public sealed record CasePublication(
    [property: Id(0)] string Question,
    [property: Id(1)] string Answer,
    [property: Id(2)] string Summary);
