using Collab.Contracts.Errors;
using Collab.Crypto;
using Collab.Testing;

namespace Collab.GrainTests.Practitioners;

/// <summary>A practitioner's key material: new wraps of the same key keep old content readable; nothing else gets in.</summary>
public sealed class KeyMaterialTests : ClusterTest
{
    [Fact]
    public async Task Recovery_code_escrow_and_password_change_each_keep_access_to_old_content()
    {
        using var structure = UserKeyPair.Generate();
        var alice = await Clinician.RegisterAsync(Grains, "Alice", structure.PublicKey);
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var consultation = Guid.NewGuid();
        await alice.CreateConsultationAsync(consultation, required: bob, group: null);
        var (epoch, key) = await alice.StartEpochAsync(consultation, [alice, bob], group: null);
        await alice.PostAsync(consultation, epoch, key, "compte rendu initial");
        var stored = (await alice.Keys.GetKeys(alice.Caller))!;

        // Forgotten password: the recovery code opens the key, which gets a new password wrap.
        using (var recovered = UserKeyWrapping.UnwrapWithRecoveryCode(stored.RecoveryWrapped, stored.PublicKey, alice.RecoveryCode))
        {
            await alice.ChangePasswordAsync(recovered, "after recovery by code");
        }

        using (var afterCode = await alice.UnlockAsync())
        {
            Assert.Equal(["compte rendu initial"], await alice.ReadAllAsync(consultation, afterCode));
        }

        // Admin-assisted: the structure's recovery key opens the escrow.
        using (var escrowed = UserKeyWrapping.OpenEscrow(stored.EscrowSealed!, stored.PublicKey, structure))
        {
            Assert.Equal(["compte rendu initial"], await alice.ReadAllAsync(consultation, escrowed));
            await alice.ChangePasswordAsync(escrowed, "after escrow");
        }

        // Ordinary password change: the old password stops working, the content stays readable.
        var oldPassword = alice.Password;
        using (var current = await alice.UnlockAsync())
        {
            await alice.ChangePasswordAsync(current, "changed in 2027");
        }

        using var afterChange = await alice.UnlockAsync();
        Assert.Equal(["compte rendu initial"], await alice.ReadAllAsync(consultation, afterChange));
        Assert.Equal(CryptoFailure.WrongPassword, (await Assert.ThrowsAsync<CryptoException>(() => alice.UnlockAsync(oldPassword))).Failure);
    }

    [Fact]
    public async Task Key_wraps_cannot_swap_the_public_key_and_malformed_envelopes_are_refused()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var stored = (await alice.Keys.GetKeys(alice.Caller))!;
        using var other = UserKeyPair.Generate();

        var swapped = await Assert.ThrowsAsync<DomainException>(() => alice.Keys.ReplaceKeyWraps(stored with { PublicKey = other.PublicKey }, alice.Caller));
        var malformed = await Assert.ThrowsAsync<DomainException>(() => alice.Keys.ReplaceKeyWraps(stored with { RecoveryWrapped = [1, 2, 3] }, alice.Caller));

        Assert.Equal("publicKey", Assert.Single(swapped.Errors).Field);
        Assert.Equal("recoveryWrapped", Assert.Single(malformed.Errors).Field);
    }
}
