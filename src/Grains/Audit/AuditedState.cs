using Microsoft.Extensions.Logging;

namespace Collab.Grains.Audit;

public static partial class AuditedState
{
    /// <summary>
    /// Persists the state with <paramref name="auditEvent"/>, then hands every pending record to the
    /// trail. When the trail is unreachable the change still stands and its record stays pending:
    /// the next write or activation hands it over again (recording is idempotent by event id).
    /// </summary>
    public static async Task WriteAuditedAsync<TState>(
        this IPersistentState<TState> state, IAuditTrail trail, AuditEvent auditEvent, ILogger logger)
        where TState : IAuditedState
    {
        state.State.PendingAudit.Add(auditEvent);
        await state.WriteStateAsync();
        try
        {
            await state.FlushAuditAsync(trail);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAuditPending(logger, e, state.State.PendingAudit.Count);
        }
    }

    /// <summary>Hands pending records to the trail. Grains call it on activation, before serving anyone.</summary>
    public static async Task FlushAuditAsync<TState>(this IPersistentState<TState> state, IAuditTrail trail)
        where TState : IAuditedState
    {
        var pending = state.State.PendingAudit;
        if (pending.Count == 0)
        {
            return;
        }

        await trail.RecordAsync([.. pending]);
        // Cleared in memory; persisted by the next write. Until then a replay records nothing twice.
        pending.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit trail is unreachable; {Count} record(s) stay pending in grain state")]
    private static partial void LogAuditPending(ILogger logger, Exception exception, int count);
}
