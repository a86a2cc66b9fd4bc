import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlogCommentAdapter } from './blog-comment.adapter';
import { Comment } from './comment.entity';
import { Post } from './post.entity';
import { PostUrlResolver } from './post-url.resolver';
import { PostsService } from './posts.service';

/** The blog's data: posts, comments, and the Webmention providers built on them. */
@Module({
  imports: [TypeOrmModule.forFeature([Post, Comment])],
  providers: [PostsService, PostUrlResolver, BlogCommentAdapter],
  exports: [PostsService, PostUrlResolver, BlogCommentAdapter, TypeOrmModule],
})
export class BlogModule {}
