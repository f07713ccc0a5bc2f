using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Retention;
using Collab.Grains.Audit;
using Collab.Grains.Retention;

namespace Collab.Grains.Knowledge;

/// <summary>
/// Retention of a case's thread: the network's retention, else the consultations' period (3 months), counted from the
/// case's last message or change, so a living discussion never expires. The asker is warned 7 days before; then the
/// thread is crypto-shredded — case keys, seats and the encrypted proposal out of the state, messages and images out of
/// the database — with a signed certificate in the audit trail. A published text stays in the knowledge base: it is
/// anonymised, and its authors withdraw it when they want.
/// </summary>
public sealed partial class NetworkCaseGrain
{
    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == RetentionTimer.ReminderName ? RetentionTick() : Task.CompletedTask;

    private async Task StartRetentionAsync()
    {
        await RetentionTimer.StartAsync(this, S.Retention, await PolicyAsync(), S.ChangedAt);
        await state.WriteStateAsync();
    }

    private async Task<RetentionPolicy> PolicyAsync() =>
        await GrainFactory.Grain<IGroupGrain>(S.Network).GetRetention() ?? RetentionPolicy.Consultation;

    private async Task RetentionTick()
    {
        var retention = S.Retention;
        if (retention.DestroyedAt is null)
        {
            // The date moves with the thread: its last message or the last change of the case.
            var last = (await items.ReadAsync(Id, S.LastSequence, 1)).FirstOrDefault()?.PostedAt ?? S.ChangedAt;
            retention.Policy = await PolicyAsync();
            RetentionTimer.Move(retention, last > S.ChangedAt ? last : S.ChangedAt);
        }

        switch (RetentionTimer.Due(retention, clock.GetUtcNow()))
        {
            case RetentionStep.Warn:
                retention.WarnedAt = clock.GetUtcNow();
                await state.WriteAuditedAsync(audit, Event(Caller.System("retention"), "networkcase.retention.warn"), logger);
                foreach (var author in new[] { S.Asker, S.CoAuthor }.OfType<Guid>())
                {
                    GrainFactory.Grain<IPractitionerGrain>(author).Notify(ConsultationNotice.CaseDeletionSoon, Id).Ignore();
                }

                break;
            case RetentionStep.Destroy:
                await ShredAsync($"retention: {retention.Policy!.Days} days after the case's last message or change");
                break;
            case RetentionStep.Finish:
                await shredder.ShredAsync(Id);
                await RetentionTimer.StopAsync(this);
                break;
        }
    }

    // Counts, then commits the emptied state with its certificate (one write), then deletes the rows (ADR 0005's order).
    private async Task ShredAsync(string reason)
    {
        var now = clock.GetUtcNow();
        var keyIds = S.Keys
            .SelectMany(k => new[]
            {
                DeletionCertificate.KeyId($"key{k.Version}:network:{S.Network}:v{k.GroupVersion}", k.SealedToGroup),
                DeletionCertificate.KeyId($"key{k.Version}:seat", k.SealedToSeat),
            })
            .Concat(new[] { (Who: S.Asker, Seal: S.SeatSealedToAsker), (Who: S.CoAuthor, Seal: S.SeatSealedToCoAuthor) }
                .Where(s => s.Seal.Length > 0)
                .Select(s => DeletionCertificate.KeyId($"seat:practitioner:{s.Who}", s.Seal)))
            .ToList();
        var destroyed = new Dictionary<string, long>(await shredder.CountAsync(Id))
        {
            ["sealedCaseKeys"] = keyIds.Count,
            ["encryptedFields"] = S.Proposal is null ? 0 : 1,
        };
        var certificate = DeletionCertificate.Create(ObjectType, Id.ToString(), now, reason, destroyed, keyIds).Sign(signer);
        S.Keys.Clear();
        S.SeatSealedToAsker = [];
        S.SeatSealedToCoAuthor = [];
        S.Proposal = null;
        S.Retention.DestroyedAt = now;
        var record = AuditEvent.Of(clock, Caller.System("retention"), AuditCategory.Functional, "networkcase.destroy", ObjectType, Id.ToString(), detail: certificate.ToJson());
        S.Retention.CertificateEventId = record.Id;
        await state.WriteAuditedAsync(audit, record, logger);

        await shredder.ShredAsync(Id);
        await RetentionTimer.StopAsync(this);
    }

    private void RequireNotDestroyed()
    {
        if (S.Retention.DestroyedAt is { } at)
        {
            throw new DomainException(DomainErrorCode.Gone, $"The thread of case {Id} was destroyed on {at:yyyy-MM-dd} (its retention ended); its deletion certificate is in the audit trail.");
        }
    }
}
