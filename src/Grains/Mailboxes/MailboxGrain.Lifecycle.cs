using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Retention;
using Collab.Grains.Audit;
using Collab.Grains.Practitioners;
using Collab.Grains.Retention;

namespace Collab.Grains.Mailboxes;

// Lifecycle (SPEC "Secure mailboxes", issue 18): messages are destroyed 3 months after they arrived; a mailbox nobody has
// used for 12 months (no login of its holder, no sending, no opened message) is emptied and closed, after a weekly
// warning from month 10. Both run on the retention reminder (ADR 0005), each with a signed certificate.
public sealed partial class MailboxGrain
{
    /// <summary>Silence after which the holder (a shared mailbox's responsible professional) is warned, weekly.</summary>
    public static readonly TimeSpan WarnAfter = TimeSpan.FromDays(304);

    /// <summary>Silence after which a mailbox is emptied and closed.</summary>
    public static readonly TimeSpan CloseAfter = TimeSpan.FromDays(365);

    private static readonly TimeSpan WarnEvery = TimeSpan.FromDays(7);

    public async Task Touch()
    {
        if (state.State.LastActivity is not null)
        {
            await StartAsync(active: true);
        }
    }

    // The mailbox is in use: its reminder ticks, and an activity moves its silence back to zero (written at most daily).
    private async Task StartAsync(bool active = false)
    {
        var now = clock.GetUtcNow();
        if (state.State.LastActivity is null || (active && now - state.State.LastActivity > TimeSpan.FromDays(1)))
        {
            state.State.LastActivity = now;
            state.State.LastWarning = null;
            await state.WriteStateAsync();
        }

        if (!_ticking)
        {
            await this.RegisterOrUpdateReminder(RetentionTimer.ReminderName, RetentionTimer.TickPeriod, RetentionTimer.TickPeriod);
            _ticking = true;
        }
    }

    /// <summary>
    /// The retention tick: messages that arrived more than <see cref="RetentionPolicy.Mailbox"/> days ago are destroyed —
    /// the certificate first (counts and the digest of the sealed keys going), then the rows with their keys. Then the
    /// inactivity rule: a warning a week from month 10, the mailbox emptied and closed at month 12.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionTimer.ReminderName)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await DestroyAsync(await store.ArrivedBeforeAsync(Id, now - TimeSpan.FromDays(RetentionPolicy.Mailbox.Days)), now, "mailbox.expire",
            $"retention: messages received before {now.AddDays(-RetentionPolicy.Mailbox.Days):yyyy-MM-dd} ({RetentionPolicy.Mailbox.Days} days)");

        var silence = now - (state.State.LastActivity ?? now);
        if (silence >= CloseAfter)
        {
            await DestroyAsync(await store.ArrivedBeforeAsync(Id, DateTimeOffset.MaxValue), now, "mailbox.close",
                $"inactivity: no login, sending or opened message since {state.State.LastActivity:yyyy-MM-dd} (12 months)", always: true);
            state.State.LastActivity = null; // closed: a new use opens it empty
            state.State.LastWarning = null;
            await state.WriteStateAsync();
            await RetentionTimer.StopAsync(this);
            _ticking = false;
        }
        else if (silence >= WarnAfter && (state.State.LastWarning is not { } warned || now - warned >= WarnEvery))
        {
            state.State.LastWarning = now;
            await state.WriteAuditedAsync(audit, AuditEvent.Of(clock, Caller.System("retention"), AuditCategory.Functional, "mailbox.idle", ObjectType, Id.ToString()), logger);
            GrainFactory.Grain<IPractitionerGrain>(IsShared ? state.State.Responsible : Id).Notify(ConsultationNotice.MailboxIdle, Id).Ignore();
        }
        else if (state.State.LastActivity is null && (await store.CountAsync(Id)).Counts.Values.Sum() == 0)
        {
            await RetentionTimer.StopAsync(this); // never used and empty: the next message starts it again
            _ticking = false;
        }
    }

    // Destroys messages with their keys: the signed certificate first (in the audit trail), then the rows. A closing is
    // certified even when retention had emptied the mailbox already.
    private async Task DestroyAsync(IReadOnlyList<(long Sequence, byte[] SealedKey)> messages, DateTimeOffset now, string action, string reason, bool always = false)
    {
        if (messages.Count == 0 && !always)
        {
            return;
        }

        var keyIds = messages.Select(e => DeletionCertificate.KeyId($"mail{e.Sequence}:mailbox:{Id}", e.SealedKey)).ToList();
        var certificate = DeletionCertificate.Create(ObjectType, Id.ToString(), now, reason,
            new Dictionary<string, long> { ["mailMessages"] = messages.Count, ["sealedMessageKeys"] = keyIds.Count }, keyIds).Sign(signer);
        await audit.RecordAsync([AuditEvent.Of(clock, Caller.System("retention"), AuditCategory.Functional, action, ObjectType, Id.ToString(), detail: certificate.ToJson())]);
        await store.DeleteAsync(Id, [.. messages.Select(e => e.Sequence)]);
    }
}
