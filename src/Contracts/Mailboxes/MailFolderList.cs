namespace Collab.Contracts.Mailboxes;

/// <summary>
/// A holder's own folders: their numbers (from <see cref="First"/>, what messages are filed under) and their names,
/// encrypted to the holder — a folder's name may well be a patient's.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MailFolderList(
    [property: Id(0)] IReadOnlyList<int> Ids,
    [property: Id(1)] byte[] SealedKey,
    [property: Id(2)] byte[] Ciphertext)
{
    /// <summary>The number of the first folder of one's own (the platform's are below).</summary>
    public const int First = 100;

    /// <summary>The most folders of one's own.</summary>
    public const int Most = 50;
}
