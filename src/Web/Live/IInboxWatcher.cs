using Collab.Contracts.Consultations;

namespace Collab.Web.Live;

/// <summary>Something on this node that shows a practitioner's inbox live.</summary>
public interface IInboxWatcher
{
    Task OnInboxAsync(InboxEvent change);

    /// <summary>A call of one of the practitioner's conversations started or ended.</summary>
    Task OnCallRingAsync(Contracts.Calls.CallRing ring) => Task.CompletedTask;
}
