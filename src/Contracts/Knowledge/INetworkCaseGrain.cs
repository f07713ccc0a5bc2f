using Collab.Contracts.Access;
using Collab.Contracts.Consultations;

namespace Collab.Contracts.Knowledge;

/// <summary>
/// An anonymous question to a specialist network (SPEC "Knowledge base"), its thread of encrypted answers and
/// discussion, and its way to the knowledge base: proposed by the asker, approved or sent back by a reviewer (a
/// confirmed member of the network other than the asker), withdrawn by the asker. Only the asker and the network's
/// confirmed members read it; every access is traced with the real caller, while the network sees the asker as the
/// case itself unless the asker chose to show their name.
/// </summary>
public interface INetworkCaseGrain : IGrainWithGuidKey
{
    /// <summary>Asks the question (a validated care provider; the group must be a network).</summary>
    Task Ask(NetworkCaseStart start, Caller caller);

    /// <summary>The case as the caller may see it (a traced access).</summary>
    Task<NetworkCaseView> Get(Caller caller);

    /// <summary>Adds a case key (after the network's ring turned); returns its version.</summary>
    Task<int> AddKey(CaseKeySeal seal, Caller caller);

    /// <summary>
    /// Appends a message envelope written under the newest key (bound to the case, the key version, the author as the
    /// case presents them, the client id and what the author had seen); returns its place once committed with its trace.
    /// </summary>
    Task<long> Post(int keyVersion, byte[] ciphertext, Guid clientId, Caller caller);

    /// <summary>Messages from <paramref name="fromSequence"/> on (the asker's with the case id as author).</summary>
    Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller);

    /// <summary>The asker proposes the case for the knowledge base (again after a send-back).</summary>
    Task Propose(CaseProposal proposal, Caller caller);

    /// <summary>A reviewer approves: the text (matching the proposal's digest) is published, with pseudonymous ids only; returns the document id.</summary>
    Task<string> Approve(CasePublication publication, Caller caller);

    /// <summary>A reviewer sends the proposal back to the asker (the reason is written in the thread, encrypted).</summary>
    Task SendBack(Caller caller);

    /// <summary>
    /// The asker withdraws the published case: it leaves the index at once. For a case made from a consultation either
    /// party withdraws it, published or awaiting consent (a refusal).
    /// </summary>
    Task Withdraw(Caller caller);

    /// <summary>
    /// A party of a closed, answered consultation (whose patient does not oppose) proposes it for the knowledge base:
    /// the case starts with the anonymised text awaiting the other party's consent.
    /// </summary>
    Task Submit(ConsultationSubmission submission, Caller caller);

    /// <summary>The other party of a consultation's case consents to exactly the text whose SHA-256 is <paramref name="digest"/>: it goes to the network's reviewers.</summary>
    Task Consent(byte[] digest, Caller caller);
}
