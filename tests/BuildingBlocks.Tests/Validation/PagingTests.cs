using BuildingBlocks.Validation;
using FluentValidation;
using FluentValidation.TestHelper;

namespace BuildingBlocks.Tests.Validation;

public sealed class PagingTests
{
    public sealed record ListQuery(int Page, int PageSize, string? RawPage = null);

    private sealed class ListQueryValidator : AbstractValidator<ListQuery>
    {
        public ListQueryValidator()
        {
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(100);
            RuleFor(q => q.RawPage).MustBeAPage("page_text");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Paging.MaxPage + 1)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void A_page_out_of_range_fails_on_the_page_field(int page) =>
        new ListQueryValidator().TestValidate(new ListQuery(page, 20)).ShouldHaveValidationErrorFor(q => q.Page);

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("2147483647")]
    [InlineData("99999999999")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("abc")]
    public void A_page_bound_as_text_out_of_range_or_malformed_fails_on_its_parameter_name(string page) =>
        new ListQueryValidator().TestValidate(new ListQuery(1, 20, page)).ShouldHaveValidationErrorFor("page_text");

    [Theory]
    [InlineData(1, 1)]
    [InlineData(Paging.MaxPage, 100)]
    public void Pages_from_1_to_the_maximum_pass(int page, int pageSize) =>
        new ListQueryValidator().TestValidate(new ListQuery(page, pageSize, page.ToString())).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_page_size_out_of_range_fails(int pageSize) =>
        new ListQueryValidator().TestValidate(new ListQuery(1, pageSize)).ShouldHaveValidationErrorFor(q => q.PageSize);

    [Theory]
    [InlineData(1, 20, 0)]
    [InlineData(3, 20, 40)]
    [InlineData(Paging.MaxPage, 200, 1_999_800)]
    [InlineData(int.MaxValue, 100, int.MaxValue)]
    [InlineData(0, 20, 0)]
    [InlineData(int.MinValue, 20, 0)]
    public void Skip_never_overflows_or_goes_negative(int page, int pageSize, int expected) =>
        Assert.Equal(expected, Paging.Skip(page, pageSize));
}
