using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchGapReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "told_hub",
                table: "insight_searches",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "told",
                table: "insight_month_missed_words",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "told_hub",
                table: "insight_searches");

            migrationBuilder.DropColumn(
                name: "told",
                table: "insight_month_missed_words");
        }
    }
}
