using ReferralsService.Domain;
using ReferralsService.Features.Referrals;

namespace Referrals.Tests.Domain;

public sealed class PersonMatchTests
{
    private static readonly DateOnly Born = new(1948, 5, 17);

    [Theory]
    [InlineData("Mary", "O'Brien", "mary", "obrien")]
    [InlineData("  Mary ", "O’Brien", "MARY", "O BRIEN")]
    [InlineData("Siân", "Lloyd-Jones", "Sian", "Lloyd Jones")]
    [InlineData("Zoë", "Brontë", "zoe", "bronte")]
    public void Names_match_ignoring_case_accents_spaces_and_punctuation(string given1, string family1, string given2, string family2) =>
        Assert.Equal(PersonMatch.NameKey(given1, family1, Born), PersonMatch.NameKey(given2, family2, Born));

    [Fact]
    public void A_different_date_of_birth_or_name_is_a_different_person()
    {
        var key = PersonMatch.NameKey("Mary", "OBrien", Born);

        Assert.NotEqual(key, PersonMatch.NameKey("Mary", "OBrien", Born.AddDays(1)));
        Assert.NotEqual(key, PersonMatch.NameKey("Marie", "OBrien", Born));
        // Given and family names are kept apart: "Ann Marie|Smith" is not "Ann|Marie Smith".
        Assert.NotEqual(PersonMatch.NameKey("Ann Marie", "Smith", Born), PersonMatch.NameKey("Ann", "Marie Smith", Born));
    }

    [Theory]
    [InlineData("943 476 5919", "9434765919")]
    [InlineData("943-476-5919", "9434765919")]
    [InlineData("9434765919", "9434765919")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Nhs_numbers_are_compared_as_digits_only(string? input, string? expected) =>
        Assert.Equal(expected, PersonMatch.NormaliseNhsNumber(input));

    [Theory]
    [InlineData("943 476 5919", true)]
    [InlineData("9434765919", true)]
    [InlineData("9434765918", false)] // wrong check digit
    [InlineData("943476591", false)]  // nine digits
    [InlineData("94347659190", false)] // eleven digits
    [InlineData("94347x5919", false)]
    public void Nhs_numbers_are_checked_with_modulus_11(string nhsNumber, bool valid) =>
        Assert.Equal(valid, PersonValidator.BeValidNhsNumber(nhsNumber));

    [Fact]
    public void The_referral_keeps_the_normalised_key_and_nhs_number()
    {
        var referral = Given.Draft(new Person(" Mary ", "O'Brien", Born, "943-476-5919", null, null, [], null));

        Assert.Equal("mary|obrien|1948-05-17", referral.NameKey);
        Assert.Equal("9434765919", referral.Person.NhsNumber);
    }
}
