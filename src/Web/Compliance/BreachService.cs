using Collab.Contracts.Access;
using Collab.Contracts.Compliance;

namespace Collab.Web.Compliance;

/// <summary>The operator's register of personal data breaches: record, notify the affected users (within 48 hours), list.</summary>
public sealed class BreachService(IClusterClient cluster)
{
    public Task<IReadOnlyList<BreachView>> ListAsync(Caller caller) => Register.List(caller);

    public Task<BreachView> RecordAsync(BreachReport report, Caller caller) => Register.Record(report, caller);

    public Task<BreachView> NotifyAsync(Guid breach, BreachAudience affected, Caller caller) => Register.Notify(breach, affected, caller);

    private IBreachRegisterGrain Register => cluster.Grain<IBreachRegisterGrain>(0);
}
