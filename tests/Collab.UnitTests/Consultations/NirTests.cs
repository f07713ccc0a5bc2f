using Collab.Grains.Consultations;

namespace Collab.UnitTests.Consultations;

public sealed class NirTests
{
    [Theory]
    [InlineData("2 55 08 14 168 025 38")] // the usual published example
    [InlineData("255081416802538")]
    [InlineData("1 60 10 2A 123 456 77")] // Corsica: 2A counts as 19
    [InlineData("1 60 10 2B 123 456 07")] // 2B counts as 18
    [InlineData("1 60 10 2b 123 456 07")]
    public void Valid_nirs_pass(string nir) => Assert.Null(Nir.Problem(nir));

    [Theory]
    [InlineData("2 55 08 14 168 025 39", "the key (last 2 digits) does not match: please check the NIR")]
    [InlineData("2 55 08 14 168 052 38", "the key (last 2 digits) does not match: please check the NIR")]
    [InlineData("1 60 10 2A 123 456 07", "the key (last 2 digits) does not match: please check the NIR")]
    [InlineData("2 55 08 14 168 025", "a NIR is 13 characters and a 2-digit key (15 in all)")]
    [InlineData("2 55 08 1X 168 025 38", "a NIR has digits only (2A or 2B for Corsica in the department)")]
    [InlineData("5 55 08 14 168 025 38", "a NIR starts with 1 or 2 (or 3, 4, 7, 8 for temporary numbers)")]
    [InlineData(null, "a NIR is 13 characters and a 2-digit key (15 in all)")]
    public void Wrong_nirs_say_why(string? nir, string problem) => Assert.Equal(problem, Nir.Problem(nir));
}
