using Directory.Tests.Domain;
using DirectoryService.Domain;
using DirectoryService.Features.Locations;
using DirectoryService.Features.Services;
using FluentValidation.TestHelper;

namespace Directory.Tests.Features.Services;

public sealed class ListingDetailsValidatorTests
{
    private readonly ListingDetailsValidator<ServiceDetails> _validator = new();
    private static readonly ServiceDetails Valid = ServiceTests.Details();

    private static Schedule Weekly => Valid.Schedules[0];

    [Fact]
    public void A_complete_listing_is_valid() => _validator.TestValidate(Valid).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Name_is_required_and_texts_have_limits()
    {
        var result = _validator.TestValidate(Valid with { Name = "", Summary = new string('x', 301), Description = new string('x', 4001) });
        result.ShouldHaveValidationErrorFor(d => d.Name);
        result.ShouldHaveValidationErrorFor(d => d.Summary);
        result.ShouldHaveValidationErrorFor(d => d.Description);
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(121, null)]
    [InlineData(null, 121)]
    [InlineData(60, 50)]
    public void Ages_are_0_to_120_and_the_minimum_is_not_above_the_maximum(int? min, int? max)
    {
        var result = _validator.TestValidate(Valid with { Eligibility = new Eligibility(min, max, null) });
        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.StartsWith("Eligibility.", e.PropertyName));
    }

    [Fact]
    public void Equal_minimum_and_maximum_ages_are_fine() =>
        _validator.TestValidate(Valid with { Eligibility = new Eligibility(18, 18, null) }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("ftp://example.org")]
    [InlineData("example.org")]
    [InlineData("javascript:alert(1)")]
    public void Urls_must_be_http_or_https(string url) =>
        _validator.TestValidate(Valid with { Url = url }).ShouldHaveValidationErrorFor(d => d.Url);

    [Theory]
    [InlineData("023 9249 0000", true)]
    [InlineData("+44 23 9249 0000", true)]
    [InlineData("07700 900123", true)]
    [InlineData("(023) 9249-0000", true)]
    [InlineData("12345", false)]
    [InlineData("+1 212 555 0100", false)]
    [InlineData("call us", false)]
    public void Phone_numbers_must_be_uk_numbers(string phone, bool valid)
    {
        var result = _validator.TestValidate(Valid with { Contact = new Contact(null, null, phone) });
        Assert.Equal(valid, !result.Errors.Any(e => e.PropertyName == "Contact.Phone"));
    }

    [Fact]
    public void Emails_must_be_emails() =>
        _validator.TestValidate(Valid with { Contact = new Contact(null, "not-an-email", null) })
            .ShouldHaveValidationErrorFor("Contact.Email");

    [Fact]
    public void A_paid_activity_needs_an_amount_or_a_description_and_amounts_are_not_negative()
    {
        _validator.TestValidate(Valid with { Cost = new Cost(false, null, "GBP", null) }).ShouldHaveValidationErrorFor("Cost.Description");
        _validator.TestValidate(Valid with { Cost = new Cost(false, -1m, "GBP", null) }).ShouldHaveValidationErrorFor("Cost.Amount");
        _validator.TestValidate(Valid with { Cost = new Cost(false, 2m, "pounds", null) }).ShouldHaveValidationErrorFor("Cost.Currency");
    }

    [Theory]
    [InlineData("5.999")]
    [InlineData("0.001")]
    [InlineData("12.345")]
    public void A_cost_with_more_than_two_decimal_places_is_refused_rather_than_stored_as_it_came(string amount)
    {
        var result = _validator.TestValidate(Valid with { Cost = new Cost(false, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "GBP", null) });
        result.ShouldHaveValidationErrorFor("Cost.Amount").WithErrorMessage("'Cost Amount' must have at most 2 decimal places (pounds and pence).");
    }

    [Theory]
    [InlineData("5")]
    [InlineData("5.5")]
    [InlineData("5.99")]
    [InlineData("5.990")] // the same money, written with a trailing zero
    public void A_cost_in_pounds_and_pence_is_fine(string amount) =>
        _validator.TestValidate(Valid with { Cost = new Cost(false, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "GBP", null) })
            .ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Languages_are_non_empty_strings() =>
        _validator.TestValidate(Valid with { Languages = ["English", " "] }).ShouldHaveValidationErrorFor("Languages[1]");

    [Fact]
    public void A_schedule_closes_after_it_opens()
    {
        var schedule = Weekly with { OpensAt = new TimeOnly(14, 0), ClosesAt = new TimeOnly(13, 0) };
        _validator.TestValidate(Valid with { Schedules = [schedule] }).ShouldHaveValidationErrorFor("Schedules[0].ClosesAt");
    }

    [Fact]
    public void A_weekly_schedule_needs_days() =>
        _validator.TestValidate(Valid with { Schedules = [Weekly with { ByDay = [] }] }).ShouldHaveValidationErrorFor("Schedules[0].ByDay");

    [Fact]
    public void A_monthly_schedule_needs_a_day_of_the_month_or_a_set_position_with_a_day()
    {
        var none = new Schedule(Frequency.Monthly, [], null, null, null, null, null, null, null, null);
        _validator.TestValidate(Valid with { Schedules = [none] }).ShouldHaveValidationErrorFor("Schedules[0].ByMonthDay");

        var setPositionWithoutDay = none with { BySetPosition = 2 };
        _validator.TestValidate(Valid with { Schedules = [setPositionWithoutDay] }).ShouldHaveValidationErrorFor("Schedules[0].ByMonthDay");

        var secondTuesday = none with { BySetPosition = 2, ByDay = [DayOfWeek.Tuesday] };
        _validator.TestValidate(Valid with { Schedules = [secondTuesday] }).ShouldNotHaveAnyValidationErrors();

        var badPosition = secondTuesday with { BySetPosition = 6 };
        _validator.TestValidate(Valid with { Schedules = [badPosition] }).ShouldHaveValidationErrorFor("Schedules[0].BySetPosition");
    }

    [Fact]
    public void A_one_off_event_needs_a_date()
    {
        var once = new Schedule(Frequency.Once, [], null, null, null, new TimeOnly(10, 0), null, null, null, null);
        _validator.TestValidate(Valid with { Schedules = [once] }).ShouldHaveValidationErrorFor("Schedules[0].Date");
    }

    [Fact]
    public void Valid_from_is_not_after_valid_to()
    {
        var schedule = Weekly with { ValidFrom = new DateOnly(2027, 2, 1), ValidTo = new DateOnly(2027, 1, 1) };
        _validator.TestValidate(Valid with { Schedules = [schedule] }).ShouldHaveValidationErrorFor("Schedules[0].ValidTo");
    }
}

public sealed class LocationValidatorTests
{
    private readonly SaveLocation.Validator _validator = new();
    private static readonly SaveLocation.Command Valid =
        new(null, null, "St Mary's Hall", "1 Church Road", "Portsmouth", "PO6 3AA", 50.85, -1.07, "Cosham", ["Step-free access"]);

    [Fact]
    public void A_complete_location_is_valid() => _validator.TestValidate(Valid).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("po63aa")]
    [InlineData("SW1A 1AA")]
    [InlineData("M1 1AE")]
    [InlineData("B33 8TH")]
    [InlineData("CR2 6XH")]
    [InlineData("W1A 0AX")]
    public void Uk_postcodes_in_any_case_or_spacing_are_accepted(string postcode) =>
        _validator.TestValidate(Valid with { Postcode = postcode }).ShouldNotHaveValidationErrorFor(l => l.Postcode);

    [Theory]
    [InlineData("PO6")]
    [InlineData("12345")]
    [InlineData("QO6 3AA")]
    [InlineData("PO6 3CA")]
    public void Other_postcodes_are_refused(string postcode) =>
        _validator.TestValidate(Valid with { Postcode = postcode }).ShouldHaveValidationErrorFor(l => l.Postcode);

    [Fact]
    public void Coordinates_are_in_range_and_come_in_pairs()
    {
        _validator.TestValidate(Valid with { Latitude = 91 }).ShouldHaveValidationErrorFor(l => l.Latitude);
        _validator.TestValidate(Valid with { Longitude = -181 }).ShouldHaveValidationErrorFor(l => l.Longitude);
        _validator.TestValidate(Valid with { Longitude = null }).ShouldHaveValidationErrorFor(l => l.Longitude);
    }
}
