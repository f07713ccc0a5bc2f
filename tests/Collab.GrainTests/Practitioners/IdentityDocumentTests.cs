using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Grains.Consultations;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Practitioners;

/// <summary>
/// A pending account's proof of identity: sealed to exactly those who may validate the account (its structure's
/// recovery key, every operator), opened by them only, destroyed with the decision or when nobody decides.
/// </summary>
public sealed class IdentityDocumentTests : ClusterTest
{
    protected override DateTimeOffset? ClockStart => new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_document_is_sealed_to_the_structure_and_every_operator_and_opens_for_them_alone()
    {
        var (structure, admin, op, member) = await WorldAsync("A");
        var stranger = await Clinician.RegisterAsync(Grains, "EtrangerA");
        var otherAdmin = await Clinician.RegisterAsync(Grains, "AutreAdminA");
        await Grains.GetGrain<IStructureGrain>(Guid.NewGuid()).Create(new StructureInfo("Autre hôpital", "750000002", "Lyon"), otherAdmin.Id, Platform);
        var account = Standing(member);

        var recipients = await account.GetIdentityDocumentRecipients(member.Caller);
        var fileKey = await AttachAsync(member, recipients);
        var byAdmin = (await account.OpenIdentityDocument(admin.Caller))!;
        var byOperator = (await account.OpenIdentityDocument(op.Caller))!;

        Assert.Equal(new[] { SealRecipient.Structure(structure), SealRecipient.Operator(op.Id) }.Order(), recipients.Select(r => r.Name).Order());
        using (var adminKeys = await admin.UnlockAsync())
        using (var recovery = UserKeyPair.FromPrivateKey(KeySealing.Open(byAdmin.SealedRecoveryKey!, adminKeys), byAdmin.RecoveryPublicKey!))
        {
            Assert.Equal(fileKey, KeySealing.Open(byAdmin.SealedFileKey, recovery));
        }

        using (var operatorKeys = await op.UnlockAsync())
        {
            Assert.Null(byOperator.SealedRecoveryKey);
            Assert.Equal(fileKey, KeySealing.Open(byOperator.SealedFileKey, operatorKeys));
        }

        foreach (var outsider in new[] { member, stranger, otherAdmin })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => account.OpenIdentityDocument(outsider.Caller));
            Assert.Equal(DomainErrorCode.Forbidden, refused.Code);
        }

        Assert.Equal(2, await Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action = 'practitioner.identity-document.read' AND object_id = '{member.Id}'"));
    }

    [Fact]
    public async Task A_document_sealed_to_fewer_readers_than_required_or_sent_by_someone_else_is_refused()
    {
        var (_, admin, _, member) = await WorldAsync("B");
        var account = Standing(member);
        var recipients = await account.GetIdentityDocumentRecipients(member.Caller);
        var key = new byte[32];

        var missing = await Assert.ThrowsAsync<DomainException>(() => account.AttachIdentityDocument(Document(recipients.Take(1), key), member.Caller));
        var byAdmin = await Assert.ThrowsAsync<DomainException>(() => account.AttachIdentityDocument(Document(recipients, key), admin.Caller));
        var askedByAdmin = await Assert.ThrowsAsync<DomainException>(() => account.GetIdentityDocumentRecipients(admin.Caller));

        Assert.Equal(DomainErrorCode.Conflict, missing.Code);
        Assert.Equal(DomainErrorCode.Forbidden, byAdmin.Code);
        Assert.Equal(DomainErrorCode.Forbidden, askedByAdmin.Code);
        Assert.Null((await member.Grain.GetCard(admin.Caller))!.Account!.IdentityDocument);
    }

    [Fact]
    public async Task Validation_destroys_the_document_and_its_keys_and_an_active_account_sends_none()
    {
        var (_, admin, _, member) = await WorldAsync("C");
        var account = Standing(member);
        var store = Services.GetRequiredService<IAttachmentStore>();
        await AttachAsync(member, await account.GetIdentityDocumentRecipients(member.Caller));
        var opened = (await account.OpenIdentityDocument(admin.Caller))!;

        await account.Validate(Platform);

        Assert.Null(await account.OpenIdentityDocument(admin.Caller));
        Assert.False(await store.ReadAsync(opened.Owner, opened.FileId, new MemoryStream()));
        Assert.Empty(TestDatabase.SecretFoundIn(await Database.DumpAsync(), opened.SealedFileKey));
        var late = await Assert.ThrowsAsync<DomainException>(() => account.GetIdentityDocumentRecipients(member.Caller));
        Assert.Equal(DomainErrorCode.Conflict, late.Code);
    }

    [Fact]
    public async Task Undecided_for_90_days_the_document_is_destroyed()
    {
        var (_, admin, _, member) = await WorldAsync("D");
        var account = Standing(member);
        await AttachAsync(member, await account.GetIdentityDocumentRecipients(member.Caller));
        var opened = (await account.OpenIdentityDocument(admin.Caller))!;

        Clock.Advance(TimeSpan.FromDays(89));
        await member.Grain.CheckInactivity();
        var kept = await account.OpenIdentityDocument(admin.Caller);
        Clock.Advance(TimeSpan.FromDays(2));
        await member.Grain.CheckInactivity();

        Assert.NotNull(kept);
        Assert.Null(await account.OpenIdentityDocument(admin.Caller));
        Assert.False(await Services.GetRequiredService<IAttachmentStore>().ReadAsync(opened.Owner, opened.FileId, new MemoryStream()));
        Assert.Equal(AccountStatus.Pending, (await member.Grain.GetStanding()).Status);
    }

    // A structure whose first admin holds its recovery key, an operator, and a pending member of the structure.
    private async Task<(Guid Structure, Clinician Admin, Clinician Operator, Clinician Member)> WorldAsync(string tag)
    {
        var admin = await Clinician.RegisterAsync(Grains, "Admin" + tag);
        var structure = Guid.NewGuid();
        await Grains.GetGrain<IStructureGrain>(structure).Create(new StructureInfo("Hôpital " + tag, "750712184", "Paris"), admin.Id, Platform);
        var op = await Clinician.RegisterAsync(Grains, "Operateur" + tag);
        await op.Grain.GrantOperator(Platform);
        var recovery = (await Grains.GetGrain<IStructureGrain>(structure).Get())!.RecoveryPublicKey;
        var member = await Clinician.RegisterAsync(Grains, "Attente" + tag, recovery, structure: structure, validate: false);
        return (structure, admin, op, member);
    }

    // As the web node does: the ciphertext stored under its own owner, the file key sealed to each recipient.
    private async Task<byte[]> AttachAsync(Clinician member, IReadOnlyList<SealRecipient> recipients)
    {
        var fileKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var document = Document(recipients, fileKey);
        var ciphertext = new MemoryStream();
        await AttachmentCipher.EncryptAsync(new MemoryStream("%PDF-1.4 carte CPS"u8.ToArray()), ciphertext, fileKey, document.FileId);
        ciphertext.Position = 0;
        await Services.GetRequiredService<IAttachmentStore>().WriteAsync(document.Owner, document.FileId, ciphertext);
        await Standing(member).AttachIdentityDocument(document, member.Caller);
        return fileKey;
    }

    private static IdentityDocument Document(IEnumerable<SealRecipient> recipients, byte[] fileKey) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "application/pdf", 18, recipients.ToDictionary(r => r.Name, r => KeySealing.Seal(fileKey, r.PublicKey)));

    private IPractitionerStandingGrain Standing(Clinician clinician) => Grains.GetGrain<IPractitionerStandingGrain>(clinician.Id.Value);
}
