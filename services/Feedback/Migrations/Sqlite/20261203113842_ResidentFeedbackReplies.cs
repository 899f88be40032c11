using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResidentFeedbackReplies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "replied_at",
                table: "resident_feedback",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "replied_by",
                table: "resident_feedback",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reply",
                table: "resident_feedback",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "replied_at",
                table: "resident_feedback");

            migrationBuilder.DropColumn(
                name: "replied_by",
                table: "resident_feedback");

            migrationBuilder.DropColumn(
                name: "reply",
                table: "resident_feedback");
        }
    }
}
