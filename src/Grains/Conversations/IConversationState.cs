using Collab.Grains.Audit;
using Collab.Grains.Consultations;

namespace Collab.Grains.Conversations;

/// <summary>The part of a grain's state that <see cref="Conversation{TState}"/> keeps: small, whatever the number of items.</summary>
public interface IConversationState : IAuditedState
{
    List<EpochState> Epochs { get; }

    /// <summary>The last committed place (activation reads it back from the log).</summary>
    long LastSequence { get; set; }

    /// <summary>How far each member has read, and when.</summary>
    Dictionary<Guid, ReadState> ReadUpTo { get; }
}
