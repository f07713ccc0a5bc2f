using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Groups;
using Collab.Grains.Practitioners;

namespace Collab.Grains.Mailboxes;

// Shared mailboxes: organisational (a service's, read by the practitioners its structure's administrators grant) and
// applicative (software's, with API keys). Each has a ring like a group's: a key pair per version, its private key sealed
// to each reader and receiving key of its time. Changing readers or keys starts a version — public keys are enough, so
// the grain turns the ring itself; a reader granted later reads the mail that arrives from then on.
public sealed partial class MailboxGrain
{
    /// <summary>The longest name before the structure's part of a shared address.</summary>
    public const int NameLimit = 40;

    public async Task<MailboxView> Create(SharedMailboxSpec spec, Caller caller)
    {
        await AccessRules.RequireAdministrator(GrainFactory, caller, spec.Structure, "create a mailbox of this structure");
        if (IsShared || await Holder.GetName() is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, "This mailbox exists already.");
        }

        var errors = new List<FieldError>();
        if (spec.Kind is not (MailboxKind.Organisational or MailboxKind.Applicative))
        {
            errors.Add(new("kind", "must be Organisational or Applicative"));
        }

        var name = MailAddresses.Part(spec.Name ?? "");
        if (name.Length is < 2 or > NameLimit)
        {
            errors.Add(new("name", $"must be 2 to {NameLimit} letters, digits or hyphens, such as cardiologie"));
        }

        var readers = spec.Readers.Append(spec.Responsible).Distinct().ToList();
        if (readers.Count > 200)
        {
            errors.Add(new("readers", "must name at most 200 readers"));
        }

        foreach (var reader in readers)
        {
            if (!await IsCareProviderOf(reader, spec.Structure))
            {
                errors.Add(new(reader == spec.Responsible ? "responsible" : "readers", "must be active care providers of the structure"));
                break;
            }
        }

        var structure = await GrainFactory.Grain<IStructureGrain>(spec.Structure).Get();
        if (structure is null)
        {
            errors.Add(new("structure", "must be an existing structure"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        // The ring first (every reader's public key), the address last: a failure leaves nothing claimed.
        var now = clock.GetUtcNow();
        state.State = new MailboxState
        {
            Kind = spec.Kind,
            Structure = spec.Structure,
            Name = name,
            Responsible = spec.Responsible.Value,
            LastActivity = now,
            Readers = readers.ToDictionary(r => r.Value, _ => now),
        };
        try
        {
            await TurnRingAsync();
            var address = addresses.Shared(name, structure!.Info.Name);
            if (!await store.ClaimAsync(Id, address, spec.Kind, spec.Structure))
            {
                throw DomainException.Invalid([new("name", "is taken: this structure has a mailbox of that name already")]);
            }

            state.State.Address = address;
        }
        catch
        {
            state.State = new MailboxState();
            throw;
        }

        await store.SetReadersAsync(Id, [.. state.State.Readers.Keys]);
        await state.WriteAuditedAsync(audit, Event(caller, "mailbox.create"), logger);
        await StartAsync();
        return await View();
    }

    public async Task<IReadOnlyList<GroupKeyVersionView>> GetRing(Caller caller)
    {
        var holder = caller.MailKeyId ?? caller.PractitionerId;
        if (!IsShared || holder is null)
        {
            return [];
        }

        await RequireReader(caller, "read this mailbox");
        return [.. state.State.Versions.Select(v => new GroupKeyVersionView(v.Version, v.PublicKey, v.SealedToMembers.GetValueOrDefault(holder.Value)))];
    }

    public async Task Grant(PractitionerId reader, Caller caller)
    {
        await RequireSharedAdministrator(caller, "grant the reading of this mailbox");
        if (await AddReaderAsync(reader, "reader"))
        {
            await state.WriteAuditedAsync(audit, Event(caller, "mailbox.reader.grant"), logger);
        }
    }

    public async Task SetResponsible(PractitionerId responsible, Caller caller)
    {
        await RequireSharedAdministrator(caller, "name the responsible of this mailbox");
        await AddReaderAsync(responsible, "responsible");

        state.State.Responsible = responsible.Value;
        await state.WriteAuditedAsync(audit, Event(caller, "mailbox.responsible", responsible.Value.ToString()), logger);
    }

    public async Task Revoke(PractitionerId reader, Caller caller)
    {
        await RequireSharedAdministrator(caller, "withdraw a reader of this mailbox");
        if (reader.Value == state.State.Responsible)
        {
            throw DomainException.Invalid([new("reader", "must not be the responsible professional (name another first)")]);
        }

        if (state.State.Readers.Remove(reader.Value))
        {
            await TurnRingAsync();
            await store.SetReadersAsync(Id, [.. state.State.Readers.Keys]);
            await state.WriteAuditedAsync(audit, Event(caller, "mailbox.reader.revoke"), logger);
        }
    }

    public async Task<IReadOnlyList<PractitionerId>> AwaitingHistory(Caller caller)
    {
        if (!IsShared || caller.PractitionerId is not { } me)
        {
            return [];
        }

        await RequireReader(caller, "read this mailbox");
        var held = state.State.Versions.Where(v => v.SealedToMembers.ContainsKey(me)).ToList();
        return [.. state.State.Readers.Keys.Where(r => r != me && held.Exists(v => !v.SealedToMembers.ContainsKey(r))).Select(r => new PractitionerId(r))];
    }

    public async Task ShareHistory(PractitionerId reader, IReadOnlyDictionary<int, byte[]> sealedVersions, Caller caller)
    {
        caller = await RequireReader(caller, "share this mailbox's history");
        var me = caller.PractitionerId ?? throw AccessRules.Forbidden("share this mailbox's history");
        if (!state.State.Readers.ContainsKey(reader.Value))
        {
            throw DomainException.Invalid([new("reader", "must be a reader of the mailbox")]);
        }

        var added = 0;
        foreach (var (number, sealedCopy) in sealedVersions)
        {
            if (state.State.Versions.Find(v => v.Version == number) is { } version && version.SealedToMembers.ContainsKey(me)
                && KeyMaterialRules.IsSealedKey(sealedCopy) && version.SealedToMembers.TryAdd(reader.Value, sealedCopy))
            {
                added++;
            }
        }

        if (added > 0)
        {
            await state.WriteAuditedAsync(audit, Event(caller, "mailbox.reader.history", reader.Value.ToString()), logger);
        }
    }

    public async Task<IssuedMailKey> IssueKey(MailKeyScopes scopes, Caller caller)
    {
        await RequireSharedAdministrator(caller, "issue keys of this mailbox");
        if (state.State.Kind != MailboxKind.Applicative || scopes == 0 || (scopes & ~(MailKeyScopes.Send | MailKeyScopes.Receive)) != 0)
        {
            throw DomainException.Invalid([new("scopes", "must be Send, Receive or both, for an applicative mailbox")]);
        }

        if (state.State.Keys.Count(k => k.RevokedAt is null) >= 20)
        {
            throw DomainException.Invalid([new("scopes", "must wait for a key to be revoked: a mailbox has at most 20 keys in use")]);
        }

        var secret = MailKeySecret.Create(Id, Guid.CreateVersion7(clock.GetUtcNow()));
        using (var pair = secret.KeyPair())
        {
            state.State.Keys.Add(new MailKeyState
            {
                Id = secret.Key,
                Hash = secret.Hash(),
                PublicKey = scopes.HasFlag(MailKeyScopes.Receive) ? pair.PublicKey : null,
                Scopes = scopes,
                IssuedAt = clock.GetUtcNow(),
            });
        }

        if (scopes.HasFlag(MailKeyScopes.Receive))
        {
            await TurnRingAsync();
        }

        await state.WriteAuditedAsync(audit, Event(caller, "mailbox.key.issue", secret.Key.ToString()), logger);
        return new IssuedMailKey(secret.Key, secret.ToString());
    }

    public async Task RevokeKey(Guid key, Caller caller)
    {
        await RequireSharedAdministrator(caller, "revoke keys of this mailbox");
        var found = state.State.Keys.Find(k => k.Id == key) ?? throw new DomainException(DomainErrorCode.NotFound, $"No key {key} in this mailbox.");
        if (found.RevokedAt is null)
        {
            found.RevokedAt = clock.GetUtcNow();
            if (found.PublicKey is not null)
            {
                await TurnRingAsync();
            }

            await state.WriteAuditedAsync(audit, Event(caller, "mailbox.key.revoke", key.ToString()), logger);
        }
    }

    public async Task<Caller> Authenticate(string secret, MailKeyScopes scope, Caller caller)
    {
        var presented = MailKeySecret.Parse(secret);
        var key = presented is { } p && p.Mailbox == Id ? state.State.Keys.Find(k => k.Id == p.Key) : null;
        if (key is null || !presented!.Matches(key.Hash) || !KeyAllows(key.Id, scope))
        {
            var actor = key is null ? caller : Caller.MailKey(key.Id, Id, caller.IpAddress);
            await audit.RecordAsync(clock, actor, AuditCategory.Access, "mailbox.key.use", ObjectType, Id.ToString(), AuditOutcome.Refused);
            throw new DomainException(DomainErrorCode.Unauthenticated, "This key is not valid for this mailbox (wrong, revoked, or without this scope).");
        }

        var now = clock.GetUtcNow();
        if (key.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(10))
        {
            key.LastUsedAt = now; // written at most every 10 minutes; each use is in the audit trail below
            await state.WriteStateAsync();
        }

        var software = Caller.MailKey(key.Id, Id, caller.IpAddress);
        await audit.RecordAsync(clock, software, AuditCategory.Access, $"mailbox.key.{scope.ToString().ToLowerInvariant()}", ObjectType, Id.ToString());
        return software;
    }

    public Task<bool> IsKey(Caller caller, MailKeyScopes scope) =>
        Task.FromResult(caller.MailboxId == Id && caller.MailKeyId is { } key && KeyAllows(key, scope));

    private bool KeyAllows(Guid key, MailKeyScopes scope) =>
        state.State.Keys.Find(k => k.Id == key) is { RevokedAt: null } k && k.Scopes.HasFlag(scope);

    private async Task<MailboxView> GetShared(Caller caller)
    {
        if (caller.PractitionerId is not { } reader || !state.State.Readers.ContainsKey(reader) || !await IsCareProvider(reader))
        {
            await AccessRules.RequireAdministrator(GrainFactory, caller, state.State.Structure, "see this mailbox");
        }

        return await View();
    }

    private async Task<MailboxView> View()
    {
        var (counts, unread) = await store.CountAsync(Id);
        return new MailboxView(Id, state.State.Address!, new PractitionerId(state.State.Responsible), counts, unread, state.State.Kind, state.State.Structure,
            state.State.Name, [.. state.State.Readers.Keys.Select(r => new PractitionerId(r))], [.. state.State.Keys.Select(k => k.View())]);
    }

    // A new version of the ring, sealed to every reader and receiving key now (its private key exists only inside the copies).
    private async Task TurnRingAsync()
    {
        var holders = new Dictionary<Guid, byte[]>();
        foreach (var reader in state.State.Readers.Keys)
        {
            holders[reader] = await GrainFactory.Grain<IPractitionerKeysGrain>(reader).GetPublicKey();
        }

        foreach (var key in state.State.Keys.Where(k => k.RevokedAt is null && k.PublicKey is not null))
        {
            holders[key.Id] = key.PublicKey!;
        }

        var version = GroupKeyRing.NewVersion(state.State.Versions.Count + 1, holders);
        state.State.Versions.Add(new GroupKeyVersion { Version = version.Version, PublicKey = version.PublicKey, SealedToMembers = new(version.SealedToMembers) });
    }

    // A care provider of the structure becomes a reader (the ring turns to include them); false when they were one.
    private async Task<bool> AddReaderAsync(PractitionerId reader, string field)
    {
        if (!await IsCareProviderOf(reader, state.State.Structure!.Value))
        {
            throw DomainException.Invalid([new(field, "must be an active care provider of the structure")]);
        }

        if (!state.State.Readers.TryAdd(reader.Value, clock.GetUtcNow()))
        {
            return false;
        }

        await TurnRingAsync();
        await store.SetReadersAsync(Id, [.. state.State.Readers.Keys]);
        return true;
    }

    private async Task RequireSharedAdministrator(Caller caller, string action)
    {
        if (!IsShared)
        {
            throw new DomainException(DomainErrorCode.NotFound, "No shared mailbox here.");
        }

        await AccessRules.RequireAdministrator(GrainFactory, caller, state.State.Structure, action);
    }

    private async Task<bool> IsCareProviderOf(PractitionerId practitioner, Guid structure) =>
        await GrainFactory.Grain<IPractitionerGrain>(practitioner.Value).GetStanding() is { Status: AccountStatus.Active, IsOperator: false } standing
        && standing.Structure == structure;

    private AuditEvent Event(Caller caller, string action, string? detail = null) =>
        AuditEvent.Of(clock, caller, AuditCategory.Functional, action, ObjectType, Id.ToString(), detail: detail);
}
