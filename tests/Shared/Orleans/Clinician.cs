using System.Text;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Groups;
using Collab.Contracts.Keys;
using Collab.Contracts.Practitioners;
using Collab.Crypto;
using Collab.Web.Consultations;
using Collab.Web.Groups;

namespace Collab.Testing;

/// <summary>
/// A practitioner as the web layer will act for them: keys made and unwrapped on their side of the
/// crypto boundary, only envelopes handed to the grains.
/// </summary>
public sealed class Clinician
{
    private static int _rpps = 1000000000;

    /// <summary>
    /// Argon2id at 3 passes over 1 MiB: the grains store wraps, they never derive, so the grain tests spend their
    /// time on grains rather than on the production cost (64 MiB) that the crypto and web tests keep.
    /// </summary>
    private static readonly PasswordKdf TestKdf = new(3, 1024 * 1024);

    private Clinician(IGrainFactory grains, PractitionerId id, string password, string recoveryCode)
    {
        Grains = grains;
        Id = id;
        Password = password;
        RecoveryCode = recoveryCode;
    }

    public IGrainFactory Grains { get; }

    public PractitionerId Id { get; }

    public string Password { get; private set; }

    public string RecoveryCode { get; }

    public Caller Caller => new($"practitioner:{Id}", null, "127.0.0.1", "tests");

    public IPractitionerGrain Grain => Grains.GetGrain<IPractitionerGrain>(Id.Value);

    /// <summary>The account's key material.</summary>
    public IPractitionerKeysGrain Keys => Grains.GetGrain<IPractitionerKeysGrain>(Id.Value);

    /// <summary>
    /// Registers, creates a key pair, stores it wrapped under a password and a recovery code (and sealed to a structure),
    /// and validates the account unless <paramref name="validate"/> is false (then it awaits validation).
    /// </summary>
    public static async Task<Clinician> RegisterAsync(IGrainFactory grains, string lastName, byte[]? structureRecoveryKey = null, string? phone = null, Guid? structure = null, bool validate = true)
    {
        var id = PractitionerId.New();
        await grains.GetGrain<IPractitionerGrain>(id.Value).Register(
            new PractitionerRegistration(lastName, "Test", Profession.Physician, new ProfessionalIdentifier(IdentifierKind.Rpps, Rpps()), $"{lastName.ToLowerInvariant()}@example.org", phone, Structure: structure),
            Caller.System("tests"));

        var password = "pw-" + Guid.NewGuid().ToString("N");
        using var keys = UserKeyPair.Generate();
        using var code = Collab.Crypto.RecoveryCode.New();
        await grains.GetGrain<IPractitionerKeysGrain>(id.Value).SetKeys(
            new UserKeyMaterial(
                keys.PublicKey,
                UserKeyWrapping.WrapWithPassword(keys, password, TestKdf),
                UserKeyWrapping.WrapWithRecoveryCode(keys, code),
                structureRecoveryKey is null ? null : UserKeyWrapping.SealToEscrow(keys, structureRecoveryKey)),
            Caller.System("tests"));
        if (validate)
        {
            await grains.GetGrain<IPractitionerStandingGrain>(id.Value).Validate(Caller.System("tests"));
        }

        return new Clinician(grains, id, password, code.ToString());
    }

    /// <summary>What login does: the stored wrap, opened with the password.</summary>
    public async Task<UserKeyPair> UnlockAsync(string? password = null)
    {
        var stored = (await Keys.GetKeys(Caller))!;
        return UserKeyWrapping.UnwrapWithPassword(stored.PasswordWrapped, stored.PublicKey, password ?? Password);
    }

    public async Task ChangePasswordAsync(UserKeyPair keys, string newPassword)
    {
        var stored = (await Keys.GetKeys(Caller))!;
        await Keys.ReplaceKeyWraps(stored with { PasswordWrapped = UserKeyWrapping.WrapWithPassword(keys, newPassword, TestKdf) }, Caller);
        Password = newPassword;
    }

    /// <summary>Creates a group with this clinician as founder and confirms <paramref name="members"/> (sealing the ring to each).</summary>
    public Task<Guid> FoundGroupAsync(string name, params Clinician[] members) => FoundAsync(new GroupInfo(name, null), members);

    /// <summary>Creates a specialist network (anyone may ask it) with this clinician as founder, and confirms <paramref name="members"/>.</summary>
    public Task<Guid> FoundNetworkAsync(string name, string specialty, params Clinician[] members) => FoundAsync(new GroupInfo(name, null, specialty), members);

    private async Task<Guid> FoundAsync(GroupInfo info, Clinician[] members)
    {
        var id = Guid.NewGuid();
        var group = Grains.GetGrain<IGroupGrain>(id);
        await group.Create(info, Id, Caller.System("tests"));
        foreach (var member in members)
        {
            await group.Invite(member.Id, GroupRole.Doctor, Caller);
            await group.Accept(member.Caller);
            await ConfirmAsync(id, member);
        }

        return id;
    }

    /// <summary>Confirms a member who accepted, as a ring holder's session does: every version sealed to them.</summary>
    public async Task ConfirmAsync(Guid group, Clinician member)
    {
        using var keys = await UnlockAsync();
        await Collab.Web.Groups.GroupService.ConfirmAsync(Grains, group, member.Id, Caller, keys);
    }

    /// <summary>Opens every key version of the group this clinician holds a copy of.</summary>
    public async Task<List<KeyRingVersion>> KeyRingAsync(Guid group)
    {
        var view = await Grains.GetGrain<IGroupGrain>(group).GetKeyRing(Id);
        return view.HeldBy(Id.Value);
    }

    /// <summary>This clinician's side of the crypto boundary, as the web layer builds it for a session.</summary>
    public async Task<ConsultationClient> ClientAsync() =>
        new(Grains, Id, await KeysSourceAsync(), Caller);

    /// <summary>This clinician's client for discussions between colleagues.</summary>
    public async Task<Web.Discussions.DiscussionClient> DiscussionsAsync() =>
        new(Grains, Id, await KeysSourceAsync(), Caller);

    /// <summary>This clinician's knowledge base client (anonymous questions, publication, search).</summary>
    public async Task<Web.Knowledge.KnowledgeClient> KnowledgeAsync() =>
        new(Grains, Id, await KeysSourceAsync(), Caller);

    /// <summary>This clinician's secure mail client, on the services of a silo of the cluster (its mail store and settings).</summary>
    public async Task<Web.Mailboxes.MailClient> MailAsync(IServiceProvider services) =>
        new(Grains, Id, await KeysSourceAsync(), Caller, MailPostOf(Grains, services));

    /// <summary>The web side of secure mail as a web node builds it, on <paramref name="services"/> of a silo.</summary>
    public static Web.Mailboxes.MailPost MailPostOf(IGrainFactory grains, IServiceProvider services)
    {
        var settings = (Silo.Hosting.MailSettings?)services.GetService(typeof(Silo.Hosting.MailSettings)) ?? new Silo.Hosting.MailSettings(Silo.Hosting.CollabSettings.DefaultMailDomain);
        return new(grains, (Grains.Mailboxes.IMailStore)services.GetService(typeof(Grains.Mailboxes.IMailStore))!, settings, new Web.Mailboxes.SmtpMailRelay(settings));
    }

    // What a session holds: the key pair, unlocked afresh at each use.
    private async Task<Func<UserKeyPair>> KeysSourceAsync()
    {
        using var keys = await UnlockAsync();
        var privateKey = (byte[])keys.PrivateKey.Clone();
        var publicKey = keys.PublicKey;
        return () => UserKeyPair.FromPrivateKey((byte[])privateKey.Clone(), publicKey);
    }

    /// <summary>A request about a test patient, addressed to a practitioner or a group.</summary>
    public static RequestInput Request(Clinician? required, Guid? group, bool opposes = false) =>
        new(required?.Id, group, new PatientIdentity("Patient", "Test", new DateOnly(1950, 1, 2), PatientSex.Female, null),
            "Question ?", "Description.", opposes, opposes ? "refus exprimé en consultation le 3 mars" : null, !opposes);

    /// <summary>Creates a consultation addressed to a practitioner or a group, and sends it unless told not to.</summary>
    public async Task CreateConsultationAsync(Guid consultation, Clinician? required, Guid? group, bool send = true)
    {
        await (await ClientAsync()).CreateDraftAsync(Request(required, group), consultation);
        if (send)
        {
            await Grains.GetGrain<IConsultationGrain>(consultation).Act(ConsultationAction.Send, new ConsultationActionInput(), Caller);
        }
    }

    /// <summary>A GP's request to a cardiologist, sent: its id, the GP's client and the cardiologist's.</summary>
    public static async Task<(Guid Id, ConsultationClient Gp, ConsultationClient Cardiologist)> ConsultationBetweenTwoAsync(IGrainFactory grains)
    {
        var gp = await RegisterAsync(grains, "Generaliste");
        var cardiologist = await RegisterAsync(grains, "Cardiologue");
        var id = Guid.NewGuid();
        await gp.CreateConsultationAsync(id, cardiologist, group: null);
        return (id, await gp.ClientAsync(), await cardiologist.ClientAsync());
    }

    /// <summary>Starts an epoch sealed to the participants and to the group's current version; returns its number and key.</summary>
    public async Task<(int Epoch, byte[] Key)> StartEpochAsync(Guid consultation, IEnumerable<Clinician> participants, Guid? group)
    {
        var key = EpochKeys.New();
        var sealedToParticipants = new Dictionary<Guid, byte[]>();
        foreach (var participant in participants)
        {
            var publicKey = await participant.Keys.GetPublicKey();
            sealedToParticipants[participant.Id.Value] = KeySealing.Seal(key, publicKey);
        }

        int groupVersion = 0;
        byte[]? sealedToGroup = null;
        if (group is { } groupId)
        {
            var ring = await Grains.GetGrain<IGroupGrain>(groupId).GetKeyRing(Id);
            var current = ring.Versions.Single(v => v.Version == ring.CurrentVersion);
            (groupVersion, sealedToGroup) = (current.Version, KeySealing.Seal(key, current.PublicKey));
        }

        var epoch = await Grains.GetGrain<IConsultationGrain>(consultation).StartEpoch(new EpochSeal(sealedToParticipants, group, groupVersion, sealedToGroup), Caller);
        return (epoch, key);
    }

    /// <summary>Posts a message as the web does (bound to this clinician, a new client id, having seen <paramref name="seen"/>); returns its place.</summary>
    public Task<long> PostAsync(Guid consultation, int epoch, byte[] key, string text, long seen = 0) =>
        PostAsync(consultation, epoch, Message(consultation, epoch, key, text, Guid.NewGuid(), seen));

    public Task<long> PostAsync(Guid consultation, int epoch, byte[] envelope) =>
        Grains.GetGrain<IConsultationGrain>(consultation).Post(epoch, envelope, MessageCipher.ReadClear(envelope).ClientId, Caller);

    /// <summary>A message envelope as this clinician's session writes it.</summary>
    public byte[] Message(Guid consultation, int epoch, byte[] key, string text, Guid clientId, long seen = 0) =>
        MessageCipher.Encrypt(Encoding.UTF8.GetBytes(text), key, new MessageBinding(consultation, epoch, Id.Value, clientId, seen));

    /// <summary>Reads everything, opening each epoch through this clinician's own seal or their copy of the group's key.</summary>
    public async Task<List<string>> ReadAllAsync(Guid consultation, UserKeyPair keys)
    {
        var grain = Grains.GetGrain<IConsultationGrain>(consultation);
        var seals = (await grain.GetEpochSeals(Caller)).ToDictionary(s => s.Epoch);
        var texts = new List<string>();
        foreach (var item in await grain.Read(1, 500, Caller))
        {
            var seal = seals[item.Epoch];
            byte[] key;
            if (seal.SealedToReader is not null)
            {
                key = EpochKeys.Open(seal.SealedToReader, keys);
            }
            else
            {
                var version = (await KeyRingAsync(seal.Group!.Value)).Single(v => v.Version == seal.GroupVersion);
                key = EpochKeys.OpenThroughGroup(seal.SealedToGroup!, version, Id.Value, keys);
            }

            texts.Add(Encoding.UTF8.GetString(MessageCipher.Decrypt(item.Ciphertext, key, consultation, item.Epoch, item.Author!.Value.Value, item.Sequence)));
        }

        return texts;
    }

    private static string Rpps()
    {
        var body = Interlocked.Increment(ref _rpps).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        for (var check = 0; check < 10; check++)
        {
            if (Collab.Grains.Practitioners.PractitionerRules.PassesLuhn(body + check))
            {
                return body + check;
            }
        }

        throw new InvalidOperationException("unreachable");
    }
}
