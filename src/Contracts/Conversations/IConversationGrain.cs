using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Orleans.Concurrency;

namespace Collab.Contracts.Conversations;

/// <summary>
/// What a consultation's discussion and a discussion between colleagues share (one mechanism, docs/architecture.md
/// "Conversations"): epochs with their sealed keys, message envelopes placed by the grain, reads, read receipts,
/// typing and presence, deleting one's own message, and the live relay. The grain never sees plaintext or an
/// unsealed key; each kind of grain decides who is a member and who may write.
/// </summary>
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>Starts a new epoch (first message, or after a membership change); returns its number.</summary>
    Task<int> StartEpoch(EpochSeal seal, Caller caller);

    /// <summary>Who a new epoch's key must be sealed to: the members in person, and the group whose members all read. Members only.</summary>
    Task<ConversationRecipients> Recipients(Caller caller);

    /// <summary>
    /// Appends a message envelope (written for this conversation, <paramref name="epoch"/>, the caller and
    /// <paramref name="clientId"/>) at the next place, and returns that place once the item and its audit
    /// record are committed. Concurrent senders never conflict; a retry with the same
    /// <paramref name="clientId"/> is stored once and answers the place of the first. Interleaves: posts wait
    /// for their commit together, not one after another.
    /// </summary>
    [AlwaysInterleave]
    Task<long> Post(int epoch, byte[] ciphertext, Guid clientId, Caller caller);

    /// <summary>
    /// Items from <paramref name="fromSequence"/> on, oldest first, at most <paramref name="limit"/>. Interleaves (a read
    /// changes nothing; viewers joining at once wait for the database together), a few at a time per conversation.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller);

    /// <summary>The seals of every epoch for the caller: their own copy, and the group's. Members only.</summary>
    Task<IReadOnlyList<EpochSealView>> GetEpochSeals(Caller caller);

    /// <summary>Deletes the caller's own item: its ciphertext is erased, a tombstone keeps its place.</summary>
    Task Delete(long sequence, Caller caller);

    /// <summary>Records that the caller has read up to <paramref name="sequence"/> (an audited access).</summary>
    Task MarkRead(long sequence, Caller caller);

    /// <summary>Tells the other viewers that the caller is typing, or opened (<paramref name="present"/>) or left the conversation. Not stored.</summary>
    Task Signal(ConsultationEventKind kind, bool present, Caller caller);

    /// <summary>Records that the caller downloaded a file, a report or an export (members only; an audited access).</summary>
    Task RecordDownload(DownloadKind kind, Caller caller);

    /// <summary>Subscribes (or renews) a web node's relay to this conversation's events; returns the last stored sequence so the node can fetch what it missed.</summary>
    Task<long> Subscribe(ILiveRelay relay);

    /// <summary>Ends a relay's subscription.</summary>
    Task Unsubscribe(ILiveRelay relay);
}
