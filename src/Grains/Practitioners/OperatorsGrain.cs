using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Practitioners;

/// <summary>Persisted state of <see cref="OperatorsGrain"/>: each operator's public key.</summary>
public sealed class OperatorsState : IAuditedState
{
    public Dictionary<Guid, byte[]> PublicKeys { get; set; } = [];

    public List<AuditEvent> PendingAudit { get; set; } = [];
}

/// <summary>The operators' public keys (<see cref="IOperatorsGrain"/>), kept by the system as the role is granted and accounts go.</summary>
public sealed class OperatorsGrain(
    [PersistentState("operators", StorageNames.Collab)] IPersistentState<OperatorsState> state,
    IAuditTrail audit,
    TimeProvider clock,
    ILogger<OperatorsGrain> logger) : Grain, IOperatorsGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) => state.FlushAuditAsync(audit);

    public async Task Enrol(PractitionerId practitioner, byte[] publicKey, Caller caller)
    {
        RequireSystem(caller, "enrol an operator's key");
        if (state.State.PublicKeys.TryGetValue(practitioner.Value, out var known) && known.AsSpan().SequenceEqual(publicKey))
        {
            return;
        }

        state.State.PublicKeys[practitioner.Value] = publicKey;
        await state.WriteAuditedAsync(audit, AuditEvent.Of(clock, caller, AuditCategory.Functional, "operator.key.enrol", "practitioner", practitioner.ToString()), logger);
    }

    public async Task Remove(PractitionerId practitioner, Caller caller)
    {
        RequireSystem(caller, "remove an operator's key");
        if (state.State.PublicKeys.Remove(practitioner.Value))
        {
            await state.WriteAuditedAsync(audit, AuditEvent.Of(clock, caller, AuditCategory.Functional, "operator.key.remove", "practitioner", practitioner.ToString()), logger);
        }
    }

    public Task<IReadOnlyList<SealRecipient>> Keys() => Task.FromResult<IReadOnlyList<SealRecipient>>(
        [.. state.State.PublicKeys.OrderBy(k => k.Key).Select(k => new SealRecipient(SealRecipient.Operator(new PractitionerId(k.Key)), k.Value))]);

    private static void RequireSystem(Caller caller, string action)
    {
        if (!caller.IsSystem)
        {
            throw AccessRules.Forbidden(action);
        }
    }
}
