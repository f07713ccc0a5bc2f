using Collab.Contracts.Practitioners;
using Collab.Grains.Practitioners;

namespace Collab.UnitTests.Practitioners;

public sealed class PractitionerRulesTests
{
    private static readonly PractitionerRegistration Valid = new(
        "Martin", "Claire", Profession.Physician, new ProfessionalIdentifier(IdentifierKind.Rpps, "10003456786"), "claire.martin@example.org");

    [Fact]
    public void A_complete_registration_breaks_no_rule()
    {
        Assert.Empty(PractitionerRules.Check(Valid));
        Assert.Empty(PractitionerRules.Check(Valid with { Identifier = new ProfessionalIdentifier(IdentifierKind.Adeli, "751234567") }));
    }

    public static TheoryData<PractitionerRegistration, string, string> Broken => new()
    {
        { Valid with { LastName = " " }, "lastName", "is required" },
        { Valid with { FirstName = new string('a', 101) }, "firstName", "must be at most 100 characters" },
        { Valid with { LastName = "Mar\ntin" }, "lastName", "must not contain control characters" },
        { Valid with { Profession = (Profession)42 }, "profession", "must be one of: Physician, Nurse, Midwife, Pharmacist, Dentist, Physiotherapist, MedicalAssistant, Administrator" },
        { Valid with { Identifier = null! }, "identifier", "is required" },
        { Valid with { Identifier = new ProfessionalIdentifier((IdentifierKind)9, "10003456786") }, "identifier.kind", "must be Rpps or Adeli" },
        { Valid with { Identifier = new ProfessionalIdentifier(IdentifierKind.Rpps, "1000345678") }, "identifier.number", "an RPPS number is exactly 11 digits" },
        { Valid with { Identifier = new ProfessionalIdentifier(IdentifierKind.Rpps, "1000345678x") }, "identifier.number", "an RPPS number is exactly 11 digits" },
        { Valid with { Phone = "appelez-moi" }, "phone", "must be a phone number such as +33612345678 or 0612345678" },
        { Valid with { Identifier = new ProfessionalIdentifier(IdentifierKind.Adeli, "10003456786") }, "identifier.number", "an ADELI number is exactly 9 digits" },
        { Valid with { Email = "" }, "email", "is required" },
        { Valid with { Email = "Dr Martin <claire@example.org>" }, "email", "must be a single email address such as name@hospital.fr" },
        { Valid with { Email = "claire@localhost" }, "email", "must be a single email address such as name@hospital.fr" },
    };

    [Theory]
    [InlineData("10003456787")] // last digit mistyped
    [InlineData("10003456876")] // two digits swapped
    public void An_rpps_with_a_wrong_check_digit_is_accepted_with_a_warning(string number)
    {
        var registration = Valid with { Identifier = new ProfessionalIdentifier(IdentifierKind.Rpps, number) };

        Assert.Empty(PractitionerRules.Check(registration));
        Assert.Equal("identifier.number", Assert.Single(PractitionerRules.Warnings(registration)).Field);
        Assert.Empty(PractitionerRules.Warnings(Valid));
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_broken_rule_names_its_field_and_the_rule(PractitionerRegistration registration, string field, string rule)
    {
        var error = Assert.Single(PractitionerRules.Check(registration));

        Assert.Equal((field, rule), (error.Field, error.Rule));
    }
}
