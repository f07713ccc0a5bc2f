using Collab.Crypto;

namespace Collab.UnitTests.Crypto;

public sealed class UserKeyWrappingTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public void The_password_unwraps_the_private_key_it_wrapped()
    {
        using var keys = UserKeyPair.Generate();

        var wrapped = UserKeyWrapping.WrapWithPassword(keys, Password, PasswordKdf.Default);
        using var unwrapped = UserKeyWrapping.UnwrapWithPassword(wrapped, keys.PublicKey, Password);

        Assert.Equal(keys.PrivateKey, unwrapped.PrivateKey);
        Assert.Equal(PasswordKdf.Default, UserKeyWrapping.PasswordParameters(wrapped));
    }

    [Fact]
    public void A_wrong_password_fails_as_wrong_password()
    {
        using var keys = UserKeyPair.Generate();
        var wrapped = UserKeyWrapping.WrapWithPassword(keys, Password, PasswordKdf.Default);

        var error = Assert.Throws<CryptoException>(() => UserKeyWrapping.UnwrapWithPassword(wrapped, keys.PublicKey, "correct horse battery stapler"));

        Assert.Equal(CryptoFailure.WrongPassword, error.Failure);
    }

    [Fact]
    public void Lowered_argon2_parameters_in_a_wrapped_key_are_caught()
    {
        using var keys = UserKeyPair.Generate();
        var wrapped = UserKeyWrapping.WrapWithPassword(keys, Password, PasswordKdf.Default);

        wrapped[2 + 3] = 4; // ops limit 3 → 4 in the stored header (authenticated data)
        var error = Assert.Throws<CryptoException>(() => UserKeyWrapping.UnwrapWithPassword(wrapped, keys.PublicKey, Password));

        Assert.Equal(CryptoFailure.WrongPassword, error.Failure);
    }

    [Fact]
    public void Password_change_rewraps_the_same_key_and_the_old_password_stops_working()
    {
        using var keys = UserKeyPair.Generate();
        var before = UserKeyWrapping.WrapWithPassword(keys, Password, PasswordKdf.Default);

        using var session = UserKeyWrapping.UnwrapWithPassword(before, keys.PublicKey, Password);
        var after = UserKeyWrapping.WrapWithPassword(session, "new passphrase for 2027", PasswordKdf.Default);
        using var reopened = UserKeyWrapping.UnwrapWithPassword(after, keys.PublicKey, "new passphrase for 2027");

        Assert.Equal(keys.PrivateKey, reopened.PrivateKey);
        Assert.Equal(CryptoFailure.WrongPassword, Assert.Throws<CryptoException>(() => UserKeyWrapping.UnwrapWithPassword(after, keys.PublicKey, Password)).Failure);
    }

    [Fact]
    public void The_recovery_code_as_shown_unwraps_the_key_however_it_is_typed()
    {
        using var keys = UserKeyPair.Generate();
        using var code = RecoveryCode.New();
        var wrapped = UserKeyWrapping.WrapWithRecoveryCode(keys, code);
        var shown = code.ToString();

        using var exact = UserKeyWrapping.UnwrapWithRecoveryCode(wrapped, keys.PublicKey, shown);
        using var sloppy = UserKeyWrapping.UnwrapWithRecoveryCode(wrapped, keys.PublicKey, " " + shown.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal).Replace('0', 'o'));

        Assert.Matches("^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{3}$", shown);
        Assert.Equal(keys.PrivateKey, exact.PrivateKey);
        Assert.Equal(keys.PrivateKey, sloppy.PrivateKey);
    }

    [Fact]
    public void Another_users_recovery_code_fails_as_wrong_recovery_code()
    {
        using var keys = UserKeyPair.Generate();
        using var code = RecoveryCode.New();
        using var otherCode = RecoveryCode.New();
        var wrapped = UserKeyWrapping.WrapWithRecoveryCode(keys, code);

        var error = Assert.Throws<CryptoException>(() => UserKeyWrapping.UnwrapWithRecoveryCode(wrapped, keys.PublicKey, otherCode.ToString()));

        Assert.Equal(CryptoFailure.WrongRecoveryCode, error.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCD-EFGH")]
    [InlineData("UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUU")]
    public void Text_that_is_not_a_recovery_code_fails_as_malformed(string typed)
    {
        Assert.Equal(CryptoFailure.MalformedRecoveryCode, Assert.Throws<CryptoException>(() => RecoveryCode.Parse(typed)).Failure);
    }

    [Fact]
    public void A_mistyped_character_is_caught_by_the_check_character()
    {
        using var code = RecoveryCode.FromKey(Enumerable.Range(1, 16).Select(i => (byte)(i * 17)).ToArray());
        var shown = code.ToString();
        var typo = (shown[0] == '7' ? '8' : '7') + shown[1..];

        Assert.Equal(code.ToString(), RecoveryCode.Parse(shown).ToString());
        Assert.Equal(CryptoFailure.MalformedRecoveryCode, Assert.Throws<CryptoException>(() => RecoveryCode.Parse(typo)).Failure);
    }

    [Fact]
    public void The_structure_escrow_restores_the_key_and_only_with_the_structure_key()
    {
        using var keys = UserKeyPair.Generate();
        using var structure = UserKeyPair.Generate();
        using var otherStructure = UserKeyPair.Generate();

        var escrow = UserKeyWrapping.SealToEscrow(keys, structure.PublicKey);
        using var restored = UserKeyWrapping.OpenEscrow(escrow, keys.PublicKey, structure);

        Assert.Equal(keys.PrivateKey, restored.PrivateKey);
        Assert.Equal(CryptoFailure.NotARecipient, Assert.Throws<CryptoException>(() => UserKeyWrapping.OpenEscrow(escrow, keys.PublicKey, otherStructure)).Failure);
    }

    [Fact]
    public void An_envelope_of_another_version_or_kind_is_refused_as_unsupported()
    {
        using var keys = UserKeyPair.Generate();
        using var code = RecoveryCode.New();
        var wrapped = UserKeyWrapping.WrapWithRecoveryCode(keys, code);
        var otherVersion = (byte[])wrapped.Clone();
        otherVersion[0] = 2;

        Assert.Equal(CryptoFailure.UnsupportedFormat, Assert.Throws<CryptoException>(() => UserKeyWrapping.UnwrapWithRecoveryCode(otherVersion, keys.PublicKey, code.ToString())).Failure);
        Assert.Equal(CryptoFailure.UnsupportedFormat, Assert.Throws<CryptoException>(() => UserKeyWrapping.UnwrapWithPassword(wrapped, keys.PublicKey, Password)).Failure);
    }
}
