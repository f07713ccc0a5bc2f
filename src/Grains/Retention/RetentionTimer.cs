using Collab.Contracts.Retention;

namespace Collab.Grains.Retention;

/// <summary>
/// The one retention mechanism every owning grain uses (consultations now; discussions and
/// mailboxes next): a policy starts a clock, a durable reminder named <see cref="ReminderName"/> ticks,
/// and each tick asks <see cref="Due"/> whether to warn or destroy — against the injected clock,
/// so tests move months forward. Destruction is crypto-shredding (<see cref="IContentShredder"/>)
/// with a <see cref="DeletionCertificate"/> in the audit trail.
/// </summary>
public static class RetentionTimer
{
    public const string ReminderName = "retention";
    public static readonly TimeSpan WarningLead = TimeSpan.FromDays(RetentionPolicy.WarningDays);

    /// <summary>How often the reminder ticks; the warning and the destruction happen within one period of their time.</summary>
    public static readonly TimeSpan TickPeriod = TimeSpan.FromHours(6);

    /// <summary>Starts (or restarts, for a new policy) the clock at <paramref name="from"/>.</summary>
    public static async Task StartAsync(Grain grain, RetentionState state, RetentionPolicy policy, DateTimeOffset from)
    {
        state.Policy = policy;
        Move(state, from);
        if (state.DestroyAt is null)
        {
            await StopAsync(grain);
        }
        else
        {
            await grain.RegisterOrUpdateReminder(ReminderName, TickPeriod, TickPeriod);
        }
    }

    /// <summary>Counts the state's policy from <paramref name="from"/> (a later start, or a new policy): the new date, and a new warning before it.</summary>
    public static void Move(RetentionState state, DateTimeOffset from)
    {
        state.DestroyAt = state.Policy!.Keep ? null : from + TimeSpan.FromDays(state.Policy.Days);
        if (state.WarnedAt is { } warned && state.DestroyAt is { } at && warned < at - WarningLead)
        {
            state.WarnedAt = null; // a later date: warn again before it
        }
    }

    public static RetentionStep Due(RetentionState state, DateTimeOffset now) => state switch
    {
        { DestroyedAt: not null } => RetentionStep.Finish,
        { DestroyAt: { } at } when now >= at => RetentionStep.Destroy,
        { DestroyAt: { } at, WarnedAt: null } when now >= at - WarningLead => RetentionStep.Warn,
        _ => RetentionStep.Nothing,
    };

    public static async Task StopAsync(Grain grain)
    {
        if (await grain.GetReminder(ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
