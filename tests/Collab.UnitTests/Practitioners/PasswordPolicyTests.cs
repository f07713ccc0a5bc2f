using Collab.Grains.Practitioners;

namespace Collab.UnitTests.Practitioners;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("une phrase de passe facile à retenir")]
    [InlineData("Tr0ub4dor&3xyz")]
    [InlineData("ユニコードのパスワードです十二")]
    public void Long_uncommon_passwords_of_any_characters_pass(string password) =>
        Assert.Empty(PasswordPolicy.Check(password, "Martin", "Claire", "claire.martin"));

    [Theory]
    [InlineData("", "must be at least 12 characters (a short sentence works well)")]
    [InlineData("elevenchars", "must be at least 12 characters (a short sentence works well)")]
    [InlineData("QWERTYUIOP123", "is too common: choose one that others would not guess")]
    [InlineData("abababababababab", "is too common: choose one that others would not guess")]
    [InlineData("martin2026!!", "is too close to your name or email")]
    public void Weak_passwords_fail_with_their_rule(string password, string rule) =>
        Assert.Equal(rule, Assert.Single(PasswordPolicy.Check(password, "Martin", "Claire", "claire.martin")).Rule);

    [Fact]
    public void Length_counts_characters_up_to_128()
    {
        Assert.Empty(PasswordPolicy.Check(new string('x', 120) + "abcdefgh"));
        Assert.Equal("must be at most 128 characters", Assert.Single(PasswordPolicy.Check(new string('x', 121) + "abcdefgh")).Rule);
    }
}
