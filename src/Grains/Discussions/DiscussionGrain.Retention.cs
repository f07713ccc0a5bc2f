using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Retention;
using Collab.Contracts.Structures;
using Collab.Grains.Audit;
using Collab.Grains.Conversations;
using Collab.Grains.Retention;

namespace Collab.Grains.Discussions;

/// <summary>
/// Expiry (ADR 0011): each epoch holds one day's messages (UTC), so a day expires with its key. On the 30th day after
/// the day a message was sent, a retention tick destroys that day's epoch keys and messages, and the files stored on
/// those days, with a signed certificate per batch in the audit trail; members then see the tombstone
/// <see cref="DiscussionState.ExpiredBefore"/>. A discussion its owner keeps expires nothing while every member's
/// structure allows keeping.
/// </summary>
public sealed partial class DiscussionGrain
{
    /// <summary>Days a message lives, counted from the day (UTC) it was sent.</summary>
    public static int ExpiryDays => RetentionPolicy.Discussion.Days;

    public async Task SetKeep(bool keep, Caller caller)
    {
        await RequireOwner(caller, "keep this discussion");
        if (keep && await StructureForbiddingKeep() is { } structure)
        {
            throw DomainException.Invalid([new("keep", $"is not allowed: {structure} deletes discussions after {ExpiryDays} days")]);
        }

        if (S.Keep != keep)
        {
            S.Keep = keep;
            S.Retention.Policy = keep ? new RetentionPolicy(0, Keep: true) : RetentionPolicy.Discussion;
            await _state.WriteAuditedAsync(_audit, _conversation.Event(caller, keep ? "keep" : "keep.end"), _logger);
            PublishMembers(caller);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RetentionTimer.ReminderName)
        {
            await ExpireAsync();
        }
    }

    // The reminder ticks for as long as the discussion has anything that can expire.
    private async Task StartRetentionAsync()
    {
        S.Retention.Policy = S.Keep ? new RetentionPolicy(0, Keep: true) : RetentionPolicy.Discussion;
        await _state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(RetentionTimer.ReminderName, RetentionTimer.TickPeriod, RetentionTimer.TickPeriod);
    }

    private async Task ExpireAsync()
    {
        if (S.PendingShred is { } pending)
        {
            await _shredder.ShredAsync(Id, pending); // committed with its certificate before a crash: finish it
            S.PendingShred = null;
            await _state.WriteStateAsync();
        }

        if (S.Keep)
        {
            if (await StructureForbiddingKeep() is null)
            {
                return;
            }

            S.Keep = false; // a member's structure forbids it now (a new member, or a new rule): it expires again
            S.Retention.Policy = RetentionPolicy.Discussion;
            await _state.WriteAuditedAsync(_audit, _conversation.Event(Caller.System("retention"), "keep.end"), _logger);
        }

        var now = _clock.GetUtcNow();
        var lastExpiredDay = EpochDay.Of(now).AddDays(-ExpiryDays);
        var storedBefore = new DateTimeOffset(lastExpiredDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var expired = S.Epochs.Where(e => e.ShreddedAt is null && EpochDay.Of(e.StartedAt) <= lastExpiredDay).ToList();
        var scope = new ShredScope(expired.Count > 0 ? expired.Max(e => e.Epoch) : S.ExpiredThroughEpoch, storedBefore);
        var counts = await _shredder.CountAsync(Id, scope);
        if (expired.Count == 0 && counts.Values.All(c => c == 0))
        {
            if (S.Owner is null && S.Epochs.All(e => e.ShreddedAt is not null))
            {
                await RetentionTimer.StopAsync(this); // everyone left and everything expired: nothing more will
            }

            return;
        }

        // Counts, then the emptied keys with their certificate in one write, then the rows (ADR 0005's order).
        var keyIds = expired.SelectMany(e => e.SealedToParticipants.Select(p => DeletionCertificate.KeyId($"epoch{e.Epoch}:practitioner:{p.Key}", p.Value))).ToList();
        var destroyed = new Dictionary<string, long>(counts) { ["sealedEpochKeys"] = keyIds.Count };
        var reason = $"retention: messages sent before {storedBefore:yyyy-MM-dd} ({ExpiryDays} days, discussion not kept)";
        var certificate = DeletionCertificate.Create(ObjectType, Id.ToString(), now, reason, destroyed, keyIds).Sign(_signer);
        foreach (var epoch in expired)
        {
            epoch.SealedToParticipants.Clear();
            epoch.ShreddedAt = now;
        }

        S.ExpiredThroughEpoch = scope.ThroughEpoch;
        S.ExpiredBefore = storedBefore;
        S.PendingShred = scope;
        await _state.WriteAuditedAsync(_audit, AuditEvent.Of(_clock, Caller.System("retention"), AuditCategory.Functional, "discussion.expire", ObjectType, Id.ToString(), detail: certificate.ToJson()), _logger);

        await _shredder.ShredAsync(Id, scope);
        S.PendingShred = null;
        await _state.WriteStateAsync();
        _conversation.Publish(new ConsultationEvent(Id, ConsultationEventKind.Status, S.LastSequence, null, now));
    }

    // The first member's structure that forbids keeping discussions (its name), or null when all allow it.
    private async Task<string?> StructureForbiddingKeep()
    {
        var standings = await Task.WhenAll(S.Members.Select(m => GrainFactory.Grain<IPractitionerGrain>(m).GetStanding()));
        foreach (var structure in standings.Select(s => s.Structure).OfType<Guid>().Distinct())
        {
            var grain = GrainFactory.Grain<IStructureGrain>(structure);
            if (!await grain.AllowsDiscussionKeep())
            {
                return (await grain.Get())?.Info.Name ?? structure.ToString();
            }
        }

        return null;
    }
}
