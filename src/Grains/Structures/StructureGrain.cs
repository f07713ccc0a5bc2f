using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Structures;

public sealed class StructureGrain(
    [PersistentState("structure", StorageNames.Collab)] IPersistentState<StructureState> state,
    IAuditTrail audit,
    Directory.IDirectory directory,
    Retention.ICertificateSigner signer,
    TimeProvider clock,
    ILogger<StructureGrain> logger) : Grain, IStructureGrain
{
    private const string ObjectType = "structure";

    private Guid Id => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => state.FlushAuditAsync(audit);

    public async Task Create(StructureInfo info, PractitionerId firstAdmin, Caller caller)
    {
        await AccessRules.RequireOperator(GrainFactory, caller, "create a structure");
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(info.Name) || info.Name.Length > 200)
        {
            errors.Add(new("name", "is required, at most 200 characters"));
        }

        if (info.Finess is not { Length: 9 } finess || !(finess.All(char.IsAsciiDigit) || (finess.StartsWith("2A", StringComparison.Ordinal) || finess.StartsWith("2B", StringComparison.Ordinal)) && finess[2..].All(char.IsAsciiDigit)))
        {
            errors.Add(new("finess", "a FINESS number is 9 digits (2A/2B first for Corsica)"));
        }
        else if (finess.All(char.IsAsciiDigit) && !Practitioners.PractitionerRules.PassesLuhn(finess))
        {
            // The ninth digit is a Luhn key over the first eight (Corsica's 2A/2B numbers are checked for their shape only).
            errors.Add(new("finess", "its last digit (its key) does not match: please check the FINESS number"));
        }

        if (string.IsNullOrWhiteSpace(info.City) || info.City.Length > 100)
        {
            errors.Add(new("city", "is required, at most 100 characters"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (state.State.Info is not null || state.State.EndedAt is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Structure {Id} exists already.");
        }

        if (await GrainFactory.Grain<IPractitionerGrain>(firstAdmin.Value).GetProfile(caller) is null)
        {
            throw DomainException.Invalid([new("firstAdmin", "must be a registered practitioner")]);
        }

        await AccessRules.RequireNotOperator(GrainFactory, firstAdmin, "firstAdmin", "a structure's administrator (its recovery key opens members' keys)");

        var adminKey = await GrainFactory.Grain<IPractitionerKeysGrain>(firstAdmin.Value).GetPublicKey();
        using (var recovery = Crypto.UserKeyPair.Generate())
        {
            state.State.RecoveryPublicKey = recovery.PublicKey;
            state.State.RecoverySealedToAdmins[firstAdmin.Value] = Crypto.KeySealing.Seal(recovery.PrivateKey, adminKey);
        }

        state.State.Info = info with { Name = info.Name.Trim(), City = info.City.Trim() };
        state.State.Admins.Add(firstAdmin.Value);
        await state.WriteAuditedAsync(audit, Event(caller, "structure.create"), logger);
        await directory.UpsertStructureAsync(new Contracts.Directory.StructureEntry(Id, state.State.Info.Name, info.Finess, state.State.Info.City));
    }

    public async Task AddAdmin(PractitionerId admin, byte[]? sealedRecoveryKey, Caller caller)
    {
        RequireCreated();
        await AccessRules.RequireAdministrator(GrainFactory, caller, Id, "add a structure administrator");
        if (caller.PractitionerId == admin.Value)
        {
            throw AccessRules.Forbidden("appoint yourself administrator of a structure");
        }

        if (sealedRecoveryKey is not null && !Practitioners.KeyMaterialRules.IsSealedKey(sealedRecoveryKey))
        {
            throw DomainException.Invalid([new("sealedRecoveryKey", "must be the recovery key sealed to the new administrator")]);
        }

        if (await GrainFactory.Grain<IPractitionerGrain>(admin.Value).GetProfile(Caller.System("structure")) is null)
        {
            throw DomainException.Invalid([new("practitioner", "must be a registered practitioner")]);
        }

        await AccessRules.RequireNotOperator(GrainFactory, admin, "practitioner", "a structure's administrator (its recovery key opens members' keys)");

        if (!state.State.Admins.Contains(admin.Value))
        {
            state.State.Admins.Add(admin.Value);
        }

        if (sealedRecoveryKey is not null)
        {
            state.State.RecoverySealedToAdmins[admin.Value] = sealedRecoveryKey;
        }

        await state.WriteAuditedAsync(audit, Event(caller, sealedRecoveryKey is null ? "structure.admin.add" : "structure.admin.add.recovery-key-shared"), logger);
    }

    public async Task RemoveAdmin(PractitionerId admin, Caller caller)
    {
        RequireCreated();
        await AccessRules.RequireAdministrator(GrainFactory, caller, Id, "remove a structure administrator");
        if (!state.State.Admins.Contains(admin.Value))
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {admin} does not administer structure {Id}.");
        }

        if (state.State.Admins.Count == 1)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Practitioner {admin} is the last administrator of structure {Id}; appoint another first.");
        }

        state.State.Admins.Remove(admin.Value);
        state.State.RecoverySealedToAdmins.Remove(admin.Value);
        await state.WriteAuditedAsync(audit, Event(caller, "structure.admin.remove"), logger);
    }

    public async Task<byte[]?> GetRecoveryKey(PractitionerId admin, Caller caller)
    {
        RequireCreated();
        await AccessRules.RequireAdministrator(GrainFactory, caller, Id, "read the structure's recovery key");
        return state.State.RecoverySealedToAdmins.GetValueOrDefault(admin.Value);
    }

    public Task<StructureView?> Get() => Task.FromResult(state.State.Info is { } info
        ? new StructureView(Id, info, state.State.Admins.Select(a => new PractitionerId(a)).ToList(), state.State.RecoveryPublicKey)
        : null);

    public async Task<StructureCard?> Describe(Caller caller)
    {
        if (state.State.Info is not { } info)
        {
            return null;
        }

        var standing = caller.IsSystem ? null : await AccessRules.RequireActive(GrainFactory, caller, "read a structure");
        var administers = caller.IsSystem || standing!.IsOperator || state.State.Admins.Contains(caller.PractitionerId!.Value);
        return new StructureCard(Id, info,
            administers ? state.State.Admins.Select(a => new PractitionerId(a)).ToList() : null,
            administers ? state.State.RecoveryPublicKey : null);
    }

    public Task<bool> IsAdmin(PractitionerId practitioner) => Task.FromResult(state.State.Admins.Contains(practitioner.Value));

    public async Task SetRetention(Contracts.Retention.RetentionPolicy policy, Caller caller)
    {
        RequireCreated();
        await AccessRules.RequireAdministrator(GrainFactory, caller, Id, "set the structure's retention");
        if (policy.Problems("retention", keepAllowed: false) is { Count: > 0 } problems)
        {
            throw DomainException.Invalid(problems);
        }

        state.State.Retention = policy;
        await state.WriteAuditedAsync(audit, Event(caller, "structure.retention.set"), logger);
    }

    public Task<Contracts.Retention.RetentionPolicy?> GetRetention() => Task.FromResult(state.State.Retention);

    public async Task SetDiscussionKeep(bool allowed, Caller caller)
    {
        RequireCreated();
        await AccessRules.RequireAdministrator(GrainFactory, caller, Id, "set whether discussions may be kept");
        state.State.ForbidsDiscussionKeep = !allowed;
        await state.WriteAuditedAsync(audit, Event(caller, allowed ? "structure.discussion-keep.allow" : "structure.discussion-keep.forbid"), logger);
    }

    public Task<bool> AllowsDiscussionKeep() => Task.FromResult(!state.State.ForbidsDiscussionKeep);

    public async Task<StructureExport> Export(Caller caller)
    {
        RequireCreated();
        await AccessRules.RequireAdministrator(GrainFactory, caller, Id, "export the structure");
        var entries = await directory.EntriesAsync(Id);
        var accounts = new List<PractitionerProfile>();
        foreach (var entry in entries.Where(e => e.Kind == Contracts.Directory.DirectoryKind.Practitioner))
        {
            if (await GrainFactory.Grain<IPractitionerGrain>(entry.Id).GetProfile(caller) is { } profile)
            {
                accounts.Add(profile);
            }
        }

        var now = clock.GetUtcNow();
        state.State.ExportedAt = now;
        await state.WriteAuditedAsync(audit, Event(caller, "structure.export"), logger);
        return new StructureExport(Id, state.State.Info!, state.State.Admins.Select(a => new PractitionerId(a)).ToList(), state.State.Retention,
            accounts, entries.Where(e => e.Kind == Contracts.Directory.DirectoryKind.Group).ToList(), now);
    }

    public async Task<ContractEnd> EndContract(string finess, Caller caller)
    {
        RequireCreated();
        await AccessRules.RequireOperator(GrainFactory, caller, "end a structure's contract");
        var info = state.State.Info!;
        if (!string.Equals(finess?.Trim(), info.Finess, StringComparison.OrdinalIgnoreCase))
        {
            throw DomainException.Invalid([new("finess", "must repeat the structure's FINESS number, to confirm")]);
        }

        if (state.State.ExportedAt is null)
        {
            throw new DomainException(DomainErrorCode.Conflict, "Export the structure's data first (restitution), then end the contract.");
        }

        int accounts = 0, destroyed = 0, kept = 0;
        var keyIds = new List<string>();
        var entries = await directory.EntriesAsync(Id);
        foreach (var entry in entries.Where(e => e.Kind == Contracts.Directory.DirectoryKind.Practitioner))
        {
            var deletion = await GrainFactory.Grain<IPractitionerDeletionGrain>(entry.Id).DeleteAccount(caller);
            accounts++;
            destroyed += deletion.ConsultationsDestroyed;
            kept += deletion.ConsultationsKeptByOthers;
            keyIds.AddRange(deletion.DestroyedKeyIds);
        }

        foreach (var group in entries.Where(e => e.Kind == Contracts.Directory.DirectoryKind.Group))
        {
            await directory.RemoveAsync(group.Id); // after the members left (leaving republishes the group): nobody can address it any more
        }

        keyIds.AddRange(state.State.RecoverySealedToAdmins.Select(r => Retention.DeletionCertificate.KeyId($"structure:{Id}:recovery-key:admin:{r.Key}", r.Value)));
        var now = clock.GetUtcNow();
        var certificate = Retention.DeletionCertificate.Create("structure", Id.ToString(), now,
            $"end of contract of {info.Name} (FINESS {info.Finess})",
            new Dictionary<string, long>
            {
                ["accounts"] = accounts,
                ["consultationsDestroyed"] = destroyed,
                ["participationsWithdrawn"] = kept,
                ["recoveryKeyCopies"] = state.State.RecoverySealedToAdmins.Count,
            },
            keyIds).Sign(signer);
        var record = AuditEvent.Of(clock, caller, AuditCategory.Functional, "structure.destroy", ObjectType, Id.ToString(), detail: certificate.ToJson());
        state.State.Info = null;
        state.State.Admins.Clear();
        state.State.RecoveryPublicKey = null;
        state.State.RecoverySealedToAdmins.Clear();
        state.State.Retention = null;
        state.State.EndedAt = now;
        await state.WriteAuditedAsync(audit, record, logger);
        await directory.RemoveAsync(Id);
        return new ContractEnd(record.Id, accounts, destroyed, kept);
    }

    private void RequireCreated()
    {
        if (state.State.Info is null)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Structure {Id} does not exist.");
        }
    }

    private AuditEvent Event(Caller caller, string action) =>
        AuditEvent.Of(clock, caller, AuditCategory.Functional, action, ObjectType, Id.ToString());
}
